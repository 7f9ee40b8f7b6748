// Cluster-object definitions of the editor's Kubernetes schema: Node (with NodeAddress and
// Taint), Namespace and networking.k8s.io ServiceCIDR. Descriptions are shortened from the
// Kubernetes API reference (k8s.io/api/core/v1, k8s.io/api/networking/v1).

import type { JSONSchema } from 'monaco-yaml'

import {
  ref,
  str,
  bool,
  stringList,
  list,
  apiVersion,
  quantityMap,
  metadataWithLabels,
  conditions,
} from './builders'

export const definitions: Record<string, JSONSchema> = {
  // Cluster objects.
  NodeAddress: {
    type: 'object',
    description: "NodeAddress contains information for the node's address.",
    required: ['type', 'address'],
    properties: {
      type: {
        type: 'string',
        enum: ['Hostname', 'InternalIP', 'ExternalIP', 'InternalDNS', 'ExternalDNS'],
        enumDescriptions: [
          "The node's hostname, as reported by the kubelet.",
          'An IP address routable only within the cluster. kube-proxy uses it as the node IP.',
          'An IP address reachable from outside the cluster.',
          'A DNS name resolvable only within the cluster.',
          'A DNS name resolvable from outside the cluster.',
        ],
        description: 'Node address type, one of Hostname, ExternalIP or InternalIP.',
      },
      address: str('The node address.'),
    },
    additionalProperties: true,
  },

  Taint: {
    type: 'object',
    description:
      'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
    required: ['key', 'effect'],
    properties: {
      key: str('Required. The taint key to be applied to a node.'),
      value: str('The taint value corresponding to the taint key.'),
      effect: {
        type: 'string',
        enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
        description:
          'Required. The effect of the taint on pods that do not tolerate the taint. Valid effects are NoSchedule, PreferNoSchedule and NoExecute.',
      },
      timeAdded: {
        type: ['string', 'null'],
        description:
          'TimeAdded represents the time at which the taint was added. It is only written for NoExecute taints.',
      },
    },
    additionalProperties: true,
  },

  Node: {
    type: 'object',
    description:
      'Node is a worker node in Kubernetes. Each node will have a unique identifier in the cache (i.e. in etcd).',
    required: ['apiVersion', 'metadata'],
    properties: {
      apiVersion: apiVersion(['v1'], 'Node is in the core API group: v1.'),
      metadata: metadataWithLabels({
        'kubernetes.io/hostname': str("The node's hostname, set by the kubelet."),
        'topology.kubernetes.io/zone': str(
          'The zone the node runs in. Used by topology aware routing and EndpointSlice hints.',
        ),
        'topology.kubernetes.io/region': str('The region the node runs in.'),
        'node-role.kubernetes.io/control-plane': str(
          'Marks a control plane node (the value is usually empty).',
        ),
        'node.kubernetes.io/exclude-from-external-load-balancers': str(
          'Excludes the node from the backend pool of external load balancers.',
        ),
        'kubernetes.io/os': str('The operating system of the node, e.g. linux or windows.'),
        'kubernetes.io/arch': str('The CPU architecture of the node, e.g. amd64 or arm64.'),
      }),
      spec: {
        type: 'object',
        description: 'Spec defines the behavior of a node.',
        properties: {
          podCIDR: str('PodCIDR represents the pod IP range assigned to the node.'),
          podCIDRs: stringList(
            'podCIDRs represents the IP ranges assigned to the node for usage by Pods on that node. If this field is specified, the 0th entry must match the podCIDR field. It may contain at most 1 value for each of IPv4 and IPv6.',
          ),
          providerID: str(
            'ID of the node assigned by the cloud provider in the format: <ProviderName>://<ProviderSpecificNodeID>',
          ),
          unschedulable: bool(
            'Unschedulable controls node schedulability of new pods. By default, node is schedulable.',
          ),
          taints: list('Taint', "If specified, the node's taints."),
        },
        additionalProperties: true,
      },
      status: {
        type: 'object',
        description: 'Most recently observed status of the node. Populated by the system.',
        properties: {
          addresses: list(
            'NodeAddress',
            'List of addresses reachable to the node. Queried from cloud provider, if available.',
          ),
          conditions: conditions(
            'Conditions is an array of current observed node conditions (Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable).',
          ),
          capacity: quantityMap('Capacity represents the total resources of a node.'),
          allocatable: quantityMap(
            'Allocatable represents the resources of a node that are available for scheduling. Defaults to Capacity.',
          ),
          nodeInfo: {
            type: 'object',
            description: 'Set of ids/uuids to uniquely identify the node.',
            properties: {
              kubeletVersion: str('Kubelet Version reported by the node.'),
              kubeProxyVersion: str('Deprecated: KubeProxy Version reported by the node.'),
              containerRuntimeVersion: str(
                'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).',
              ),
              kernelVersion: str("Kernel Version reported by the node from 'uname -r'."),
              osImage: str('OS Image reported by the node from /etc/os-release.'),
              operatingSystem: str('The Operating System reported by the node'),
              architecture: str('The Architecture reported by the node'),
            },
            additionalProperties: true,
          },
          daemonEndpoints: {
            type: 'object',
            description: 'Endpoints of daemons running on the Node.',
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },

  Namespace: {
    type: 'object',
    description: 'Namespace provides a scope for Names. Use of multiple namespaces is optional.',
    required: ['apiVersion', 'metadata'],
    properties: {
      apiVersion: apiVersion(['v1'], 'Namespace is in the core API group: v1.'),
      metadata: ref('ObjectMeta'),
      spec: {
        type: 'object',
        description: 'Spec defines the behavior of the Namespace.',
        properties: {
          finalizers: stringList(
            'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.',
          ),
        },
        additionalProperties: true,
      },
      status: {
        type: 'object',
        description: 'Status describes the current status of a Namespace.',
        properties: {
          phase: {
            type: 'string',
            enum: ['Active', 'Terminating'],
            description: 'Phase is the current lifecycle phase of the namespace.',
          },
          conditions: conditions(
            "Represents the latest available observations of a namespace's current state.",
          ),
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },

  ServiceCIDR: {
    type: 'object',
    description:
      'ServiceCIDR defines a range of IP addresses using CIDR format (e.g. 192.168.0.0/24 or 2001:db2::/64). This range is used to allocate ClusterIPs to Service objects.',
    required: ['apiVersion', 'metadata'],
    properties: {
      apiVersion: apiVersion(
        ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1'],
        'ServiceCIDR is in the networking.k8s.io/v1 API group (v1beta1 before Kubernetes 1.33).',
      ),
      metadata: ref('ObjectMeta'),
      spec: {
        type: 'object',
        description: 'spec is the desired state of the ServiceCIDR.',
        properties: {
          cidrs: {
            type: 'array',
            maxItems: 2,
            items: { type: 'string' },
            description:
              'CIDRs defines the IP blocks in CIDR notation (e.g. "192.168.0.0/24" or "2001:db8::/64") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable.',
          },
        },
        additionalProperties: true,
      },
      status: {
        type: 'object',
        description: 'status represents the current state of the ServiceCIDR.',
        properties: {
          conditions: conditions(
            'conditions holds an array of metav1.Condition that describe the state of the ServiceCIDR.',
          ),
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },
}
