import type { JSONSchema } from 'monaco-yaml'

// A hand-written subset of the Kubernetes API, covering every kind the playground reads: Pod,
// Service, Endpoints, EndpointSlice, the four workload kinds (Deployment, ReplicaSet,
// StatefulSet, DaemonSet), Node, Namespace, ServiceCIDR, plus kubeadm's ClusterConfiguration
// and kube-proxy's KubeProxyConfiguration. Descriptions are shortened from the Kubernetes API
// and config references. Every object keeps additionalProperties open: real `kubectl get -o
// yaml` output carries many fields that this schema does not list (managedFields, uid, status
// conditions, ...), and flagging them would bury the warnings that matter. Fields that the API
// serializes as `null` (pointer fields such as `creationTimestamp`, kube-proxy's
// `conntrack.maxPerCore`, an EndpointSlice's empty `endpoints`) accept null, so unedited output
// of kubectl, kubeadm and `kubectl create --dry-run` stays free of warnings.
//
// The definitions live in ./schema, one file per group of kinds; this file assembles them, in
// their original order, into the root schema that monaco-yaml is given.

import { ref } from './schema/builders'
import { definitions as clusterDefinitions } from './schema/cluster'
import { definitions as endpointsDefinitions } from './schema/endpoints'
import { definitions as kubeadmDefinitions } from './schema/kubeadm'
import { definitions as metaDefinitions } from './schema/meta'
import { definitions as podDefinitions } from './schema/pod'
import { definitions as serviceDefinitions } from './schema/service'
import { definitions as workloadsDefinitions } from './schema/workloads'

export const KUBERNETES_SCHEMA_URI = 'inmemory://playground/kubernetes-v1-service-pod.schema.json'

const kindIs = (kind: string, target: string): JSONSchema => ({
  if: { properties: { kind: { const: kind } }, required: ['kind'] },
  then: ref(target),
})

// The kinds the playground reads, each validated against the definition of the same name.
export const SCHEMA_KINDS = [
  'Service',
  'Pod',
  'Endpoints',
  'EndpointSlice',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Node',
  'Namespace',
  'ServiceCIDR',
  'ClusterConfiguration',
  'KubeProxyConfiguration',
  'List',
] as const

const definitions: Record<string, JSONSchema> = {
  ...metaDefinitions,
  ...serviceDefinitions,
  ...podDefinitions,
  ...endpointsDefinitions,
  ...workloadsDefinitions,
  ...clusterDefinitions,
  ...kubeadmDefinitions,

  List: {
    type: 'object',
    description: 'A list of objects, as printed by `kubectl get ... -o yaml`.',
    properties: {
      items: {
        type: 'array',
        items: { $ref: '#' },
        description: 'List of objects; each is checked like a top-level document.',
      },
    },
    additionalProperties: true,
  },
}

// One schema for every YAML document in the editor. The kind selects the branch through
// if/then (draft-07): a failed `if` adds no problems, so any kind not listed validates against
// the open root schema, and each listed kind is reported against its own definition only, not
// against a oneOf union whose "closest match" errors would be confusing.
export const kubernetesSchema: JSONSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  properties: {
    apiVersion: {
      type: 'string',
      examples: [
        'v1',
        'apps/v1',
        'discovery.k8s.io/v1',
        'networking.k8s.io/v1',
        'kubeadm.k8s.io/v1beta4',
        'kubeproxy.config.k8s.io/v1alpha1',
      ],
      description: 'APIVersion defines the versioned schema of this representation of an object.',
    },
    kind: {
      type: 'string',
      examples: [...SCHEMA_KINDS],
      description:
        'Kind is a string value representing the REST resource this object represents. This playground checks the kinds it reads (Service, Pod, EndpointSlice, Deployment, Node, KubeProxyConfiguration, ...); other kinds are accepted as they are.',
    },
  },
  allOf: SCHEMA_KINDS.map((kind) => kindIs(kind, kind)),
  definitions,
}
