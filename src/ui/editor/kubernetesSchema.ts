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

export const KUBERNETES_SCHEMA_URI = 'inmemory://playground/kubernetes-v1-service-pod.schema.json'

const ref = (name: string): JSONSchema => ({ $ref: `#/definitions/${name}` })

const portNumber = (description: string): JSONSchema => ({
  type: 'integer',
  minimum: 1,
  maximum: 65535,
  description,
})

const count = (description: string): JSONSchema => ({
  type: 'integer',
  minimum: 0,
  description,
})

const str = (description: string): JSONSchema => ({ type: 'string', description })

const bool = (description: string): JSONSchema => ({ type: 'boolean', description })

const stringMap = (description: string): JSONSchema => ({
  type: 'object',
  additionalProperties: { type: 'string' },
  description,
})

const stringList = (description: string): JSONSchema => ({
  type: 'array',
  items: { type: 'string' },
  description,
})

// Go nil slices and pointers print as `null`; these accept it.
const nullableStringList = (description: string): JSONSchema => ({
  type: ['array', 'null'],
  items: { type: 'string' },
  description,
})

const list = (item: string, description: string): JSONSchema => ({
  type: 'array',
  items: ref(item),
  description,
})

const apiVersion = (versions: string[], description: string): JSONSchema => ({
  type: 'string',
  enum: versions,
  description,
})

const protocol = (description: string): JSONSchema => ({
  type: 'string',
  enum: ['TCP', 'UDP', 'SCTP'],
  description,
})

const trafficPolicy = (description: string): JSONSchema => ({
  type: 'string',
  enum: ['Cluster', 'Local'],
  enumDescriptions: [
    'Route to all ready endpoints of the Service, on any node.',
    'Route only to endpoints on the node that received the traffic; drop it if there are none.',
  ],
  description,
})

// A metav1.Duration is a Go duration string such as "30s", "1m30s" or "0s"; a bare number is
// rejected by the decoder.
const duration = (description: string, nullable = false): JSONSchema => ({
  type: nullable ? ['string', 'null'] : 'string',
  pattern: '^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$',
  patternErrorMessage: 'A duration is a Go duration string such as "30s", "1m30s" or "2h45m".',
  description,
})

// An IANA_SVC_NAME: what a string port must be. A quoted number such as "8080" is a string in
// YAML, so Kubernetes treats it as a port name and rejects it; the pattern's lookahead for a
// letter catches exactly that mistake.
const portName: JSONSchema = {
  type: 'string',
  maxLength: 15,
  pattern: '^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$',
  patternErrorMessage:
    'A port name must be an IANA_SVC_NAME: at most 15 lowercase letters, digits and "-", with at least one letter. A quoted number like "8080" is a name, not a number.',
}

// Branching on the value's type (rather than anyOf) makes the warning name the real problem:
// anyOf reports the integer branch's "Expected integer" for a quoted number.
const intOrStringPort = (description: string): JSONSchema => ({
  type: ['integer', 'string'],
  description,
  if: { type: 'string' },
  then: portName,
  else: { minimum: 1, maximum: 65535 },
})

// maxSurge / maxUnavailable: an absolute number or a percentage string such as "25%".
const intOrPercent = (description: string): JSONSchema => ({
  type: ['integer', 'string'],
  description,
  if: { type: 'string' },
  then: {
    pattern: '^[0-9]+%$',
    patternErrorMessage: 'A string value must be a percentage such as "25%".',
  },
  else: { minimum: 0 },
})

// Resource quantities ("500m", "16Gi", "4") print as strings but are often typed as numbers.
const quantityMap = (description: string): JSONSchema => ({
  type: 'object',
  additionalProperties: { type: ['string', 'number'] },
  description,
})

// ObjectMeta plus documentation for the well-known labels of one kind. allOf (rather than
// properties next to $ref) keeps ObjectMeta's own fields: the language service merges a $ref
// into its sibling keys, so a sibling `properties` would hide name, namespace, ...
const metadataWithLabels = (labels: Record<string, JSONSchema>): JSONSchema => ({
  allOf: [ref('ObjectMeta'), { properties: { labels: { type: 'object', properties: labels } } }],
})

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

// Fields shared by the workload specs (Deployment, ReplicaSet, StatefulSet, DaemonSet).
const workloadReplicas = count(
  'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
)
const workloadSelector: JSONSchema = {
  ...ref('LabelSelector'),
  description:
    "Label selector for pods. Existing pods selected by this will be the ones affected by this workload. It must match the pod template's labels.",
}
const workloadTemplate: JSONSchema = {
  ...ref('PodTemplateSpec'),
  description:
    'Template describes the pods that will be created. Its labels must match the selector.',
}
const minReadySeconds = count(
  'Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready).',
)
const revisionHistoryLimit = count(
  'The number of old history to retain to allow rollback. Defaults to 10.',
)
const observedGeneration = count(
  'The generation observed by the controller. Populated by the system.',
)
const conditions = (description: string): JSONSchema => list('Condition', description)

// kubeadm's control plane flags. v1beta4 lists them as {name, value}; v1beta3 used a map.
const extraArgsDescription =
  'extraArgs is an extra set of flags to pass to the control plane component. An argument name is the flag name as it appears on the command line except without leading dash(es), e.g. `service-node-port-range` or `service-cluster-ip-range` for the API server. In kubeadm.k8s.io/v1beta4 this is a list of {name, value}; in v1beta3 a map of flag name to value.'
const apiServerFlags: Record<string, JSONSchema> = {
  'service-cluster-ip-range': str(
    'A CIDR notation IP range from which to assign service cluster IPs. This must not overlap with any IP ranges assigned to nodes or pods. Max of two dual-stack CIDRs is allowed. kubeadm sets it from networking.serviceSubnet.',
  ),
  'service-node-port-range': str(
    "A port range to reserve for services with NodePort visibility. This must not overlap with the ephemeral port range on nodes. Example: '30000-32767'. Inclusive at both ends of the range.",
  ),
}

const definitions: Record<string, JSONSchema> = {
  ObjectMeta: {
    type: 'object',
    description:
      "Standard object's metadata: name, namespace, labels and annotations, plus fields populated by the system.",
    properties: {
      name: {
        type: 'string',
        description: 'Name must be unique within a namespace. Cannot be updated.',
      },
      generateName: {
        type: 'string',
        description:
          'Optional prefix, used by the server to generate a unique name ONLY IF the Name field has not been provided.',
      },
      namespace: {
        type: 'string',
        description:
          'Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace.',
      },
      labels: stringMap(
        'Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services.',
      ),
      annotations: stringMap(
        'Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.',
      ),
      uid: str(
        'UID is the unique in time and space value for this object. Populated by the system. Read-only.',
      ),
      resourceVersion: str(
        'An opaque value that represents the internal version of this object. Populated by the system. Read-only.',
      ),
      generation: count(
        'A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.',
      ),
      creationTimestamp: {
        type: ['string', 'null'],
        description:
          'CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only. Null for objects that were never stored (`kubectl create --dry-run=client -o yaml`).',
      },
      deletionTimestamp: {
        type: ['string', 'null'],
        description:
          'DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Set by the server when a graceful deletion is requested by the user; a terminating Pod is removed from the ready endpoints of its Services.',
      },
      deletionGracePeriodSeconds: {
        type: ['integer', 'null'],
        minimum: 0,
        description:
          'Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set.',
      },
      finalizers: stringList(
        'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.',
      ),
      ownerReferences: list(
        'OwnerReference',
        'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.',
      ),
    },
    additionalProperties: true,
  },

  OwnerReference: {
    type: 'object',
    description:
      'OwnerReference contains enough information to let you identify an owning object. An owning object must be in the same namespace as the dependent, or be cluster-scoped.',
    properties: {
      apiVersion: str('API version of the referent.'),
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      controller: bool('If true, this reference points to the managing controller.'),
      blockOwnerDeletion: bool(
        'If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.',
      ),
    },
    additionalProperties: true,
  },

  ObjectReference: {
    type: 'object',
    description:
      'ObjectReference contains enough information to let you inspect or modify the referred object.',
    properties: {
      kind: str('Kind of the referent.'),
      namespace: str('Namespace of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
      apiVersion: str('API version of the referent.'),
      resourceVersion: str('Specific resourceVersion to which this reference is made, if any.'),
      fieldPath: str(
        'If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].',
      ),
    },
    additionalProperties: true,
  },

  Condition: {
    type: 'object',
    description:
      'Condition contains details for one aspect of the current state of this API resource.',
    properties: {
      type: str('Type of condition in CamelCase, e.g. Ready, Available, Progressing.'),
      status: {
        type: 'string',
        enum: ['True', 'False', 'Unknown'],
        description: 'Status of the condition, one of True, False, Unknown.',
      },
      reason: str("Unique, one-word, CamelCase reason for the condition's last transition."),
      message: str('Human-readable message indicating details about last transition.'),
      lastTransitionTime: {
        type: ['string', 'null'],
        description: 'Last time the condition transitioned from one status to another.',
      },
      lastProbeTime: {
        type: ['string', 'null'],
        description: 'Last time we probed the condition.',
      },
      lastHeartbeatTime: {
        type: ['string', 'null'],
        description: 'Last time we got an update on a given condition.',
      },
      lastUpdateTime: {
        type: ['string', 'null'],
        description: 'The last time this condition was updated.',
      },
      observedGeneration: count(
        'observedGeneration represents the .metadata.generation that the condition was set based upon.',
      ),
    },
    additionalProperties: true,
  },

  LabelSelector: {
    type: 'object',
    description:
      'A label selector is a label query over a set of resources. The result of matchLabels and matchExpressions are ANDed. An empty label selector matches all objects. A null label selector matches no objects.',
    properties: {
      matchLabels: stringMap(
        'matchLabels is a map of {key,value} pairs. A single {key,value} in the matchLabels map is equivalent to an element of matchExpressions, whose key field is "key", the operator is "In", and the values array contains only "value". The requirements are ANDed.',
      ),
      matchExpressions: list(
        'LabelSelectorRequirement',
        'matchExpressions is a list of label selector requirements. The requirements are ANDed.',
      ),
    },
    additionalProperties: true,
  },

  LabelSelectorRequirement: {
    type: 'object',
    description:
      'A label selector requirement is a selector that contains values, a key, and an operator that relates the key and values.',
    required: ['key', 'operator'],
    properties: {
      key: str('key is the label key that the selector applies to.'),
      operator: {
        type: 'string',
        enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'],
        description:
          "operator represents a key's relationship to a set of values. Valid operators are In, NotIn, Exists and DoesNotExist.",
      },
      values: stringList(
        'values is an array of string values. If the operator is In or NotIn, the values array must be non-empty. If the operator is Exists or DoesNotExist, the values array must be empty.',
      ),
    },
    additionalProperties: true,
  },

  ServicePort: {
    type: 'object',
    description: "ServicePort contains information on service's port.",
    required: ['port'],
    properties: {
      name: {
        type: 'string',
        maxLength: 63,
        pattern: '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$',
        patternErrorMessage:
          'A Service port name must be a DNS_LABEL: lowercase letters, digits and "-", starting and ending with a letter or digit.',
        description:
          'The name of this port within the service. This must be a DNS_LABEL. All ports within a ServiceSpec must have unique names. Optional if only one ServicePort is defined on this service.',
      },
      protocol: protocol(
        'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.',
      ),
      appProtocol: {
        type: 'string',
        description:
          'The application protocol for this port. Used as a hint for implementations to offer richer behavior for protocols that they understand.',
      },
      port: portNumber('The port that will be exposed by this service.'),
      targetPort: intOrStringPort(
        "Number or name of the port to access on the pods targeted by the service. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME. If this is a string, it will be looked up as a named port in the target Pod's container ports. If this is not specified, the value of the 'port' field is used (an identity map).",
      ),
      nodePort: portNumber(
        'The port on each node on which this service is exposed when type is NodePort or LoadBalancer. Usually assigned by the system.',
      ),
    },
    additionalProperties: true,
  },

  ServiceSpec: {
    type: 'object',
    description: 'Spec defines the behavior of a service.',
    properties: {
      type: {
        type: 'string',
        enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
        enumDescriptions: [
          'Allocates a cluster-internal IP address for load-balancing to endpoints.',
          'Builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP.',
          'Builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP.',
          'Aliases this service to the specified externalName.',
        ],
        description:
          'type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
      },
      selector: stringMap(
        'Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Ignored if type is ExternalName.',
      ),
      ports: {
        type: 'array',
        items: { $ref: '#/definitions/ServicePort' },
        description: 'The list of ports that are exposed by this service.',
      },
      clusterIP: {
        type: 'string',
        description:
          'clusterIP is the IP address of the service and is usually assigned randomly. "None" makes a headless service (no virtual IP). Cannot be updated.',
      },
      clusterIPs: stringList(
        'ClusterIPs is a list of IP addresses assigned to this service, and are usually assigned randomly. clusterIPs[0] must equal clusterIP.',
      ),
      externalIPs: stringList(
        'externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service. These IPs are not managed by Kubernetes.',
      ),
      externalName: {
        type: 'string',
        description:
          'externalName is the external reference that discovery mechanisms will return as an alias for this service (e.g. a DNS CNAME record). Requires type to be "ExternalName".',
      },
      sessionAffinity: {
        type: 'string',
        enum: ['ClientIP', 'None'],
        enumDescriptions: [
          'Client IP based session affinity: connections from one client IP go to the same endpoint.',
          'No session affinity.',
        ],
        description:
          'Supports "ClientIP" and "None". Used to maintain session affinity. Enable client IP based session affinity. Defaults to None.',
      },
      sessionAffinityConfig: {
        type: 'object',
        description: 'sessionAffinityConfig contains the configurations of session affinity.',
        properties: {
          clientIP: {
            type: 'object',
            description:
              'clientIP contains the configurations of Client IP based session affinity.',
            properties: {
              timeoutSeconds: {
                type: 'integer',
                minimum: 1,
                maximum: 86400,
                description:
                  'timeoutSeconds specifies the seconds of ClientIP type session sticky time. The value must be >0 && <=86400 (for 1 day). Default value is 10800 (for 3 hours).',
              },
            },
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
      externalTrafficPolicy: trafficPolicy(
        'externalTrafficPolicy describes how nodes distribute service traffic they receive on one of the Service\'s "externally-facing" addresses (NodePorts, ExternalIPs, and LoadBalancer IPs). If set to "Local", each node delivers traffic only to node-local endpoints, without masquerading the client source IP. "Cluster" (the default) routes to all endpoints evenly.',
      ),
      internalTrafficPolicy: trafficPolicy(
        'InternalTrafficPolicy describes how nodes distribute service traffic they receive on the ClusterIP. If set to "Local", the proxy assumes that pods only want to talk to endpoints of the service on the same node as the pod, dropping the traffic if there are no local endpoints. "Cluster" (the default) routes to all endpoints evenly.',
      ),
      healthCheckNodePort: portNumber(
        'healthCheckNodePort specifies the healthcheck nodePort for the service. This only applies when type is set to LoadBalancer and externalTrafficPolicy is set to Local.',
      ),
      publishNotReadyAddresses: {
        type: 'boolean',
        description:
          'publishNotReadyAddresses indicates that any agent which deals with endpoints for this Service should disregard any indications of ready/not-ready.',
      },
      loadBalancerIP: {
        type: 'string',
        description: 'Only applies to Service Type: LoadBalancer. Deprecated.',
      },
      loadBalancerSourceRanges: stringList(
        'If specified and supported by the platform, traffic through the cloud-provider load-balancer will be restricted to the specified client IPs.',
      ),
      loadBalancerClass: {
        type: 'string',
        description:
          'loadBalancerClass is the class of the load balancer implementation this Service belongs to.',
      },
      allocateLoadBalancerNodePorts: {
        type: 'boolean',
        description:
          'allocateLoadBalancerNodePorts defines if NodePorts will be automatically allocated for services with type LoadBalancer. Default is "true".',
      },
      ipFamilies: {
        type: 'array',
        items: { type: 'string', enum: ['IPv4', 'IPv6'] },
        description:
          'IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.',
      },
      ipFamilyPolicy: {
        type: 'string',
        enum: ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
        description:
          'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.',
      },
      trafficDistribution: {
        type: 'string',
        examples: ['PreferClose', 'PreferSameZone', 'PreferSameNode'],
        description:
          'TrafficDistribution offers a way to express preferences for how traffic is distributed to Service endpoints.',
      },
    },
    additionalProperties: true,
    // The API server rejects an ExternalName Service without an externalName; saying so here
    // points at the spec instead of leaving the user with an empty simulation.
    if: { properties: { type: { const: 'ExternalName' } }, required: ['type'] },
    then: { required: ['externalName'] },
  },

  ServiceStatus: {
    type: 'object',
    description:
      'Most recently observed status of the service. Populated by the system. Read-only.',
    properties: {
      loadBalancer: {
        type: 'object',
        description:
          'LoadBalancer contains the current status of the load-balancer, if one is present.',
        properties: {
          ingress: list(
            'LoadBalancerIngress',
            'Ingress is a list containing ingress points for the load-balancer. Traffic intended for the service should be sent to these ingress points.',
          ),
        },
        additionalProperties: true,
      },
      conditions: conditions('Current service state.'),
    },
    additionalProperties: true,
  },

  LoadBalancerIngress: {
    type: 'object',
    description:
      'LoadBalancerIngress represents the status of a load-balancer ingress point: traffic intended for the service should be sent to an ingress point.',
    properties: {
      ip: str(
        'IP is set for load-balancer ingress points that are IP based (typically GCE or OpenStack load-balancers).',
      ),
      hostname: str(
        'Hostname is set for load-balancer ingress points that are DNS based (typically AWS load-balancers).',
      ),
      ipMode: {
        type: 'string',
        enum: ['VIP', 'Proxy'],
        enumDescriptions: [
          "Traffic is delivered to the node with the destination set to the load-balancer's IP and port; kube-proxy short-circuits it inside the cluster.",
          "Traffic is delivered to the node or pod with the destination set to the node's IP and node port or the pod's IP and port; kube-proxy does not bind the IP.",
        ],
        description:
          'IPMode specifies how the load-balancer IP behaves, and may only be specified when the ip field is specified. Setting this to "VIP" indicates that traffic is delivered to the node with the destination set to the load-balancer\'s IP and port. Setting this to "Proxy" indicates that traffic is delivered to the node or pod with the destination set to the node\'s IP and node port or the pod\'s IP and port.',
      },
      ports: {
        type: 'array',
        description:
          'Ports is a list of records of service ports. If used, every port defined in the service should have an entry in it.',
        items: {
          type: 'object',
          properties: {
            port: portNumber(
              'Port is the port number of the service port of which status is recorded here.',
            ),
            protocol: protocol(
              'Protocol is the protocol of the service port of which status is recorded here.',
            ),
            error: str('Error is to record the problem with the service port.'),
          },
          additionalProperties: true,
        },
      },
    },
    additionalProperties: true,
  },

  Service: {
    type: 'object',
    description:
      'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
    required: ['apiVersion', 'metadata'],
    properties: {
      apiVersion: {
        type: 'string',
        enum: ['v1'],
        description: 'Service is in the core API group: v1.',
      },
      metadata: { $ref: '#/definitions/ObjectMeta' },
      spec: { $ref: '#/definitions/ServiceSpec' },
      status: { $ref: '#/definitions/ServiceStatus' },
    },
    additionalProperties: true,
  },

  ContainerPort: {
    type: 'object',
    description: 'ContainerPort represents a network port in a single container.',
    required: ['containerPort'],
    properties: {
      containerPort: portNumber(
        "Number of port to expose on the pod's IP address. This must be a valid port number, 0 < x < 65536.",
      ),
      name: {
        ...portName,
        description:
          'If specified, this must be an IANA_SVC_NAME and unique within the pod. Each named port in a pod must have a unique name. Name for the port that can be referred to by services.',
      },
      protocol: protocol('Protocol for port. Must be UDP, TCP, or SCTP. Defaults to "TCP".'),
      hostPort: portNumber(
        'Number of port to expose on the host. Most containers do not need this.',
      ),
      hostIP: { type: 'string', description: 'What host IP to bind the external port to.' },
    },
    additionalProperties: true,
  },

  Probe: {
    type: 'object',
    description:
      'Probe describes a health check to be performed against a container to determine whether it is alive or ready to receive traffic.',
    properties: {
      httpGet: {
        type: 'object',
        description: 'HTTPGet specifies an HTTP GET request to perform.',
        properties: {
          path: { type: 'string', description: 'Path to access on the HTTP server.' },
          port: intOrStringPort(
            'Name or number of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.',
          ),
          scheme: {
            type: 'string',
            enum: ['HTTP', 'HTTPS'],
            description: 'Scheme to use for connecting to the host. Defaults to HTTP.',
          },
        },
        additionalProperties: true,
      },
      tcpSocket: {
        type: 'object',
        description: 'TCPSocket specifies a connection to a TCP port.',
        properties: {
          port: intOrStringPort(
            'Number or name of the port to access on the container. Number must be in the range 1 to 65535. Name must be an IANA_SVC_NAME.',
          ),
        },
        additionalProperties: true,
      },
      exec: {
        type: 'object',
        description: 'Exec specifies a command to execute in the container.',
        additionalProperties: true,
      },
      grpc: {
        type: 'object',
        description: 'GRPC specifies a GRPC HealthCheckRequest.',
        additionalProperties: true,
      },
      initialDelaySeconds: {
        type: 'integer',
        minimum: 0,
        description:
          'Number of seconds after the container has started before liveness probes are initiated.',
      },
      periodSeconds: {
        type: 'integer',
        minimum: 1,
        description:
          'How often (in seconds) to perform the probe. Default to 10 seconds. Minimum value is 1.',
      },
      timeoutSeconds: {
        type: 'integer',
        minimum: 1,
        description:
          'Number of seconds after which the probe times out. Defaults to 1 second. Minimum value is 1.',
      },
      successThreshold: {
        type: 'integer',
        minimum: 1,
        description:
          'Minimum consecutive successes for the probe to be considered successful after having failed. Defaults to 1.',
      },
      failureThreshold: {
        type: 'integer',
        minimum: 1,
        description:
          'Minimum consecutive failures for the probe to be considered failed after having succeeded. Defaults to 3.',
      },
    },
    additionalProperties: true,
  },

  Container: {
    type: 'object',
    description: 'A single application container that you want to run within a pod.',
    required: ['name', 'image'],
    properties: {
      name: {
        type: 'string',
        description:
          'Name of the container specified as a DNS_LABEL. Each container in a pod must have a unique name (DNS_LABEL). Cannot be updated.',
      },
      image: { type: 'string', description: 'Container image name.' },
      command: stringList('Entrypoint array. Not executed within a shell.'),
      args: stringList('Arguments to the entrypoint.'),
      ports: {
        type: 'array',
        items: { $ref: '#/definitions/ContainerPort' },
        description:
          'List of ports to expose from the container. Not specifying a port here DOES NOT prevent that port from being exposed.',
      },
      readinessProbe: {
        $ref: '#/definitions/Probe',
        description:
          'Periodic probe of container service readiness. Container will be removed from service endpoints if the probe fails.',
      },
      livenessProbe: {
        $ref: '#/definitions/Probe',
        description:
          'Periodic probe of container liveness. Container will be restarted if the probe fails.',
      },
      startupProbe: {
        $ref: '#/definitions/Probe',
        description: 'StartupProbe indicates that the Pod has successfully initialized.',
      },
      imagePullPolicy: {
        type: 'string',
        enum: ['Always', 'Never', 'IfNotPresent'],
        description:
          'Image pull policy. One of Always, Never, IfNotPresent. Defaults to Always if :latest tag is specified, or IfNotPresent otherwise.',
      },
      env: {
        type: 'array',
        description: 'List of environment variables to set in the container.',
        items: {
          type: 'object',
          required: ['name'],
          properties: {
            name: str('Name of the environment variable.'),
            value: str(
              'Variable references $(VAR_NAME) are expanded using the previously defined environment variables in the container and any service environment variables.',
            ),
            valueFrom: {
              type: 'object',
              description:
                "Source for the environment variable's value. Cannot be used if value is not empty.",
              additionalProperties: true,
            },
          },
          additionalProperties: true,
        },
      },
      resources: {
        type: 'object',
        description: 'Compute Resources required by this container.',
        properties: {
          limits: quantityMap('Limits describes the maximum amount of compute resources allowed.'),
          requests: quantityMap(
            'Requests describes the minimum amount of compute resources required.',
          ),
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },

  PodSpec: {
    type: 'object',
    description: 'Specification of the desired behavior of the pod.',
    required: ['containers'],
    properties: {
      containers: {
        type: 'array',
        minItems: 1,
        items: { $ref: '#/definitions/Container' },
        description:
          'List of containers belonging to the pod. There must be at least one container in a Pod. Cannot be updated.',
      },
      initContainers: {
        type: 'array',
        items: { $ref: '#/definitions/Container' },
        description: 'List of initialization containers belonging to the pod.',
      },
      nodeName: {
        type: 'string',
        description: 'NodeName indicates in which node this pod is scheduled.',
      },
      nodeSelector: stringMap(
        "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node.",
      ),
      hostNetwork: {
        type: 'boolean',
        description:
          "Host networking requested for this pod. Use the host's network namespace. Default to false.",
      },
      hostname: {
        type: 'string',
        description:
          "Specifies the hostname of the Pod. If not specified, the pod's hostname will be set to a system-defined value.",
      },
      subdomain: {
        type: 'string',
        description:
          'If specified, the fully qualified Pod hostname will be "<hostname>.<subdomain>.<pod namespace>.svc.<cluster domain>".',
      },
      restartPolicy: {
        type: 'string',
        enum: ['Always', 'OnFailure', 'Never'],
        description:
          'Restart policy for all containers within the pod. One of Always, OnFailure, Never. Default to Always.',
      },
      setHostnameAsFQDN: bool(
        "If true the pod's hostname will be configured as the pod's FQDN, rather than the leaf name (the default).",
      ),
      enableServiceLinks: bool(
        "EnableServiceLinks indicates whether information about services should be injected into pod's environment variables, matching the syntax of Docker links. Optional: Defaults to true.",
      ),
      dnsPolicy: {
        type: 'string',
        enum: ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'],
        enumDescriptions: [
          'ClusterFirst, also for a pod that runs with hostNetwork.',
          'Use the cluster DNS (kube-dns/CoreDNS) first; other queries go to the upstream nameservers of the node.',
          'Inherit the name resolution configuration from the node the pod runs on.',
          'Ignore DNS settings from the Kubernetes environment; dnsConfig supplies them.',
        ],
        description:
          "Set DNS policy for the pod. Defaults to \"ClusterFirst\". Valid values are 'ClusterFirstWithHostNet', 'ClusterFirst', 'Default' or 'None'. To have DNS options set along with hostNetwork, you have to specify DNS policy explicitly to 'ClusterFirstWithHostNet'.",
      },
      dnsConfig: {
        type: 'object',
        description:
          'Specifies the DNS parameters of a pod. Parameters specified here will be merged to the generated DNS configuration based on DNSPolicy.',
        properties: {
          nameservers: stringList('A list of DNS name server IP addresses.'),
          searches: stringList('A list of DNS search domains for host-name lookup.'),
          options: {
            type: 'array',
            description: 'A list of DNS resolver options, e.g. ndots.',
            items: {
              type: 'object',
              properties: { name: str('Required.'), value: str('Value of the option.') },
              additionalProperties: true,
            },
          },
        },
        additionalProperties: true,
      },
      hostAliases: {
        type: 'array',
        description:
          "HostAliases is an optional list of hosts and IPs that will be injected into the pod's hosts file if specified.",
        items: {
          type: 'object',
          properties: {
            ip: str('IP address of the host file entry.'),
            hostnames: stringList('Hostnames for the above IP address.'),
          },
          additionalProperties: true,
        },
      },
      hostPID: bool("Use the host's pid namespace. Optional: Default to false."),
      hostIPC: bool("Use the host's ipc namespace. Optional: Default to false."),
      serviceAccountName: str(
        'ServiceAccountName is the name of the ServiceAccount to use to run this pod.',
      ),
      schedulerName: str(
        'If specified, the pod will be dispatched by specified scheduler. If not specified, the pod will be dispatched by default scheduler.',
      ),
      priorityClassName: str("If specified, indicates the pod's priority."),
      terminationGracePeriodSeconds: count(
        'Optional duration in seconds the pod needs to terminate gracefully. Defaults to 30 seconds.',
      ),
      tolerations: list('Toleration', "If specified, the pod's tolerations."),
      readinessGates: {
        type: 'array',
        description:
          'If specified, all readiness gates will be evaluated for pod readiness. A pod is ready when all its containers are ready AND all conditions specified in the readiness gates have status equal to "True".',
        items: {
          type: 'object',
          properties: {
            conditionType: str(
              "ConditionType refers to a condition in the pod's condition list with matching type.",
            ),
          },
          additionalProperties: true,
        },
      },
      affinity: {
        type: 'object',
        description: "If specified, the pod's scheduling constraints.",
        additionalProperties: true,
      },
      volumes: {
        type: 'array',
        description: 'List of volumes that can be mounted by containers belonging to the pod.',
        items: { type: 'object', additionalProperties: true },
      },
    },
    additionalProperties: true,
  },

  PodStatus: {
    type: 'object',
    description: 'Most recently observed status of the pod. Populated by the system. Read-only.',
    properties: {
      phase: {
        type: 'string',
        enum: ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'],
        description:
          'The phase of a Pod is a simple, high-level summary of where the Pod is in its lifecycle.',
      },
      podIP: {
        type: 'string',
        description:
          'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
      },
      podIPs: {
        type: 'array',
        items: {
          type: 'object',
          properties: { ip: str('IP is the IP address assigned to the pod.') },
          additionalProperties: true,
        },
        description:
          'podIPs holds the IP addresses allocated to the pod. If this field is specified, the 0th entry must match the podIP field. Pods may be allocated at most 1 value for each of IPv4 and IPv6.',
      },
      hostIP: {
        type: 'string',
        description:
          'IP address of the host to which the pod is assigned. Empty if not yet scheduled.',
      },
      hostIPs: {
        type: 'array',
        items: {
          type: 'object',
          properties: { ip: str('IP is the IP address assigned to the host.') },
          additionalProperties: true,
        },
        description:
          'hostIPs holds the IP addresses allocated to the host. If this field is specified, the first entry must match the hostIP field.',
      },
      conditions: conditions(
        'Current service state of pod (PodScheduled, Initialized, ContainersReady, Ready). A Pod is added to the ready endpoints of its Services when its Ready condition is True.',
      ),
      startTime: {
        type: ['string', 'null'],
        description:
          'RFC 3339 date and time at which the object was acknowledged by the Kubelet. This is before the Kubelet pulled the container image(s) for the pod.',
      },
      qosClass: {
        type: 'string',
        enum: ['Guaranteed', 'Burstable', 'BestEffort'],
        description:
          'The Quality of Service (QOS) classification assigned to the pod based on resource requirements.',
      },
      containerStatuses: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        description: 'The list has one entry per container in the manifest.',
      },
    },
    additionalProperties: true,
  },

  Toleration: {
    type: 'object',
    description:
      'The pod this Toleration is attached to tolerates any taint that matches the triple <key,value,effect> using the matching operator <operator>.',
    properties: {
      key: str(
        'Key is the taint key that the toleration applies to. Empty means match all taint keys.',
      ),
      operator: {
        type: 'string',
        enum: ['Exists', 'Equal'],
        description:
          "Operator represents a key's relationship to the value. Valid operators are Exists and Equal. Defaults to Equal.",
      },
      value: str('Value is the taint value the toleration matches to.'),
      effect: {
        type: 'string',
        enum: ['', 'NoSchedule', 'PreferNoSchedule', 'NoExecute'],
        description:
          'Effect indicates the taint effect to match. Empty means match all taint effects. When specified, allowed values are NoSchedule, PreferNoSchedule and NoExecute.',
      },
      tolerationSeconds: {
        type: ['integer', 'null'],
        description:
          'TolerationSeconds represents the period of time the toleration (which must be of effect NoExecute, otherwise this field is ignored) tolerates the taint.',
      },
    },
    additionalProperties: true,
  },

  Pod: {
    type: 'object',
    description: 'Pod is a collection of containers that can run on a host.',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['v1'], 'Pod is in the core API group: v1.'),
      metadata: ref('ObjectMeta'),
      spec: ref('PodSpec'),
      status: ref('PodStatus'),
    },
    additionalProperties: true,
  },

  PodTemplateSpec: {
    type: 'object',
    description:
      'PodTemplateSpec describes the data a pod should have when created from a template.',
    properties: {
      metadata: ref('ObjectMeta'),
      spec: {
        ...ref('PodSpec'),
        description: 'Specification of the desired behavior of the pod.',
      },
    },
    additionalProperties: true,
  },

  // Endpoints (core/v1): the legacy list of a Service's backends, one subset per port set.
  EndpointAddress: {
    type: 'object',
    description: 'EndpointAddress is a tuple that describes single IP address.',
    required: ['ip'],
    properties: {
      ip: str('The IP of this endpoint. May not be loopback, link-local or link-local multicast.'),
      hostname: str('The Hostname of this endpoint.'),
      nodeName: str(
        'Optional: Node hosting this endpoint. This can be used to determine endpoints local to a node.',
      ),
      targetRef: {
        ...ref('ObjectReference'),
        description: 'Reference to object providing the endpoint.',
      },
    },
    additionalProperties: true,
  },

  EndpointPort: {
    type: 'object',
    description: 'EndpointPort is a tuple that describes a single port.',
    required: ['port'],
    properties: {
      name: {
        type: 'string',
        pattern: '^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$',
        patternErrorMessage:
          'An endpoint port name must be a DNS_LABEL: lowercase letters, digits and "-", starting and ending with a letter or digit.',
        description:
          "The name of this port. This must match the 'name' field in the corresponding ServicePort. Must be a DNS_LABEL. Optional only if one port is defined.",
      },
      port: portNumber('The port number of the endpoint.'),
      protocol: protocol(
        'The IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.',
      ),
      appProtocol: str('The application protocol for this port.'),
    },
    additionalProperties: true,
  },

  EndpointSubset: {
    type: 'object',
    description:
      'EndpointSubset is a group of addresses with a common set of ports. The expanded set of endpoints is the Cartesian product of Addresses x Ports.',
    properties: {
      addresses: list(
        'EndpointAddress',
        'IP addresses which offer the related ports that are marked as ready. These endpoints should be considered safe for load balancers and clients to utilize.',
      ),
      notReadyAddresses: list(
        'EndpointAddress',
        'IP addresses which offer the related ports but are not currently marked as ready because they have not yet finished starting, have recently failed a readiness check, or have recently failed a liveness check.',
      ),
      ports: list('EndpointPort', 'Port numbers available on the related IP addresses.'),
    },
    additionalProperties: true,
  },

  Endpoints: {
    type: 'object',
    description:
      'Endpoints is a collection of endpoints that implement the actual service. Deprecated in favor of discovery.k8s.io/v1 EndpointSlice.',
    required: ['apiVersion', 'metadata'],
    properties: {
      apiVersion: apiVersion(['v1'], 'Endpoints is in the core API group: v1.'),
      metadata: ref('ObjectMeta'),
      subsets: list(
        'EndpointSubset',
        'The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share.',
      ),
    },
    additionalProperties: true,
  },

  // EndpointSlice (discovery.k8s.io/v1): what kube-proxy actually reads.
  Endpoint: {
    type: 'object',
    description: 'Endpoint represents a single logical "backend" implementing a service.',
    required: ['addresses'],
    properties: {
      addresses: {
        type: 'array',
        minItems: 1,
        items: { type: 'string' },
        description:
          'addresses of this endpoint. For EndpointSlices of addressType "IPv4" or "IPv6", the values are IP addresses in canonical form. Consumers should use the first element. Must contain at least one address but no more than 100.',
      },
      conditions: {
        type: 'object',
        description: 'conditions contains information about the current status of the endpoint.',
        properties: {
          ready: {
            type: ['boolean', 'null'],
            description:
              'ready indicates that this endpoint is ready to receive traffic, according to whatever system is managing the endpoint. A nil value should be interpreted as "true". In general, an endpoint should be marked ready if it is serving and not terminating, though this can be overridden in some cases, such as when the associated Service has set the publishNotReadyAddresses flag.',
          },
          serving: {
            type: ['boolean', 'null'],
            description:
              'serving indicates that this endpoint is able to receive traffic, according to whatever system is managing the endpoint. For endpoints backed by pods, the EndpointSlice controller will mark the endpoint as serving if the pod\'s Ready condition is True. A nil value should be interpreted as "true".',
          },
          terminating: {
            type: ['boolean', 'null'],
            description:
              'terminating indicates that this endpoint is terminating. A nil value should be interpreted as "false".',
          },
        },
        additionalProperties: true,
      },
      hostname: str(
        'hostname of this endpoint. This field may be used by consumers of endpoints to distinguish endpoints from each other (e.g. in DNS names).',
      ),
      targetRef: {
        ...ref('ObjectReference'),
        description:
          'targetRef is a reference to a Kubernetes object that represents this endpoint.',
      },
      nodeName: str(
        'nodeName represents the name of the Node hosting this endpoint. This can be used to determine endpoints local to a Node.',
      ),
      zone: str('zone is the name of the Zone this endpoint exists in.'),
      hints: {
        type: 'object',
        description:
          'hints contains information associated with how an endpoint should be consumed.',
        properties: {
          forZones: {
            type: 'array',
            description:
              'forZones indicates the zone(s) this endpoint should be consumed by when using topology aware routing.',
            items: {
              type: 'object',
              properties: { name: str('name represents the name of the zone.') },
              additionalProperties: true,
            },
          },
          forNodes: {
            type: 'array',
            description:
              'forNodes indicates the node(s) this endpoint should be consumed by when using topology aware routing.',
            items: {
              type: 'object',
              properties: { name: str('name represents the name of the node.') },
              additionalProperties: true,
            },
          },
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },

  EndpointSlicePort: {
    type: 'object',
    description: 'EndpointPort represents a Port used by an EndpointSlice.',
    properties: {
      name: {
        type: ['string', 'null'],
        maxLength: 63,
        pattern: '^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$',
        patternErrorMessage:
          'An EndpointSlice port name must be empty or a DNS_LABEL: lowercase letters, digits and "-", starting and ending with a letter or digit.',
        description:
          'name represents the name of this port. All ports in an EndpointSlice must have a unique name. If the EndpointSlice is derived from a Kubernetes service, this corresponds to the Service.ports[].name. Name must either be an empty string or pass DNS_LABEL validation.',
      },
      port: {
        type: ['integer', 'null'],
        minimum: 1,
        maximum: 65535,
        description:
          "port represents the port number of the endpoint. If the EndpointSlice is derived from a Kubernetes service, this must be set to the service's target port. If this is not specified, ports are not restricted and must be interpreted in the context of the specific consumer.",
      },
      protocol: protocol(
        'protocol represents the IP protocol for this port. Must be UDP, TCP, or SCTP. Default is TCP.',
      ),
      appProtocol: str('The application protocol for this port.'),
    },
    additionalProperties: true,
  },

  EndpointSlice: {
    type: 'object',
    description:
      'EndpointSlice represents a set of service endpoints. Most EndpointSlices are created by the EndpointSlice controller to represent the Pods selected by Service objects. For a given service there may be multiple EndpointSlice objects which must be joined to produce the full set of endpoints.',
    required: ['apiVersion', 'metadata', 'addressType'],
    properties: {
      apiVersion: apiVersion(
        ['discovery.k8s.io/v1'],
        'EndpointSlice is in the discovery.k8s.io/v1 API group.',
      ),
      metadata: metadataWithLabels({
        'kubernetes.io/service-name': str(
          'The name of the Service this EndpointSlice belongs to. kube-proxy joins the slices of a Service through this label.',
        ),
        'endpointslice.kubernetes.io/managed-by': str(
          'The controller or entity that manages this EndpointSlice, e.g. endpointslice-controller.k8s.io.',
        ),
      }),
      addressType: {
        type: 'string',
        enum: ['IPv4', 'IPv6', 'FQDN'],
        enumDescriptions: [
          'Represents an IPv4 Address.',
          'Represents an IPv6 Address.',
          'Represents a FQDN (deprecated).',
        ],
        description:
          'addressType specifies the type of address carried by this EndpointSlice. All addresses in this slice must be the same type. This field is immutable after creation.',
      },
      endpoints: {
        type: ['array', 'null'],
        items: ref('Endpoint'),
        description:
          'endpoints is a list of unique endpoints in this slice. Each slice may include a maximum of 1000 endpoints.',
      },
      ports: {
        type: ['array', 'null'],
        items: ref('EndpointSlicePort'),
        description:
          'ports specifies the list of network ports exposed by each endpoint in this slice. Each port must have a unique name. When ports is empty, it indicates that there are no defined ports.',
      },
    },
    additionalProperties: true,
  },

  // Workloads (apps/v1). Each spec selects pods with a LabelSelector and stamps them out of a
  // PodTemplateSpec, whose spec is the Pod spec above.
  DeploymentSpec: {
    type: 'object',
    description: 'DeploymentSpec is the specification of the desired behavior of the Deployment.',
    required: ['selector', 'template'],
    properties: {
      replicas: workloadReplicas,
      selector: workloadSelector,
      template: workloadTemplate,
      strategy: {
        type: 'object',
        description: 'The deployment strategy to use to replace existing pods with new ones.',
        properties: {
          type: {
            type: 'string',
            enum: ['RollingUpdate', 'Recreate'],
            enumDescriptions: [
              'Replace the old ReplicaSets by new one using rolling update i.e gradually scale down the old ReplicaSets and scale up the new one.',
              'Kill all existing pods before creating new ones.',
            ],
            description:
              'Type of deployment. Can be "Recreate" or "RollingUpdate". Default is RollingUpdate.',
          },
          rollingUpdate: {
            type: 'object',
            description:
              'Rolling update config params. Present only if DeploymentStrategyType = RollingUpdate.',
            properties: {
              maxUnavailable: intOrPercent(
                'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.',
              ),
              maxSurge: intOrPercent(
                'The maximum number of pods that can be scheduled above the desired number of pods. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 25%.',
              ),
            },
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
      minReadySeconds,
      revisionHistoryLimit,
      progressDeadlineSeconds: count(
        'The maximum time in seconds for a deployment to make progress before it is considered to be failed. Defaults to 600s.',
      ),
      paused: bool('Indicates that the deployment is paused.'),
    },
    additionalProperties: true,
  },

  DeploymentStatus: {
    type: 'object',
    description: 'Most recently observed status of the Deployment.',
    properties: {
      observedGeneration,
      replicas: count(
        'Total number of non-terminating pods targeted by this deployment (their labels match the selector).',
      ),
      updatedReplicas: count(
        'Total number of non-terminating pods targeted by this deployment that have the desired template spec.',
      ),
      readyReplicas: count(
        'Total number of non-terminating pods targeted by this Deployment with a Ready Condition.',
      ),
      availableReplicas: count(
        'Total number of available non-terminating pods (ready for at least minReadySeconds) targeted by this deployment.',
      ),
      unavailableReplicas: count('Total number of unavailable pods targeted by this deployment.'),
      conditions: conditions(
        "Represents the latest available observations of a deployment's current state.",
      ),
    },
    additionalProperties: true,
  },

  Deployment: {
    type: 'object',
    description: 'Deployment enables declarative updates for Pods and ReplicaSets.',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['apps/v1'], 'Deployment is in the apps/v1 API group.'),
      metadata: ref('ObjectMeta'),
      spec: ref('DeploymentSpec'),
      status: ref('DeploymentStatus'),
    },
    additionalProperties: true,
  },

  ReplicaSetSpec: {
    type: 'object',
    description: 'ReplicaSetSpec is the specification of a ReplicaSet.',
    required: ['selector'],
    properties: {
      replicas: workloadReplicas,
      selector: workloadSelector,
      template: workloadTemplate,
      minReadySeconds,
    },
    additionalProperties: true,
  },

  ReplicaSetStatus: {
    type: 'object',
    description: 'ReplicaSetStatus represents the current status of a ReplicaSet.',
    properties: {
      observedGeneration,
      replicas: count('Replicas is the most recently observed number of non-terminating pods.'),
      fullyLabeledReplicas: count(
        'The number of non-terminating pods that have labels matching the labels of the pod template of the replicaset.',
      ),
      readyReplicas: count(
        'The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.',
      ),
      availableReplicas: count(
        'The number of available non-terminating pods (ready for at least minReadySeconds) for this replica set.',
      ),
      conditions: conditions(
        "Represents the latest available observations of a replica set's current state.",
      ),
    },
    additionalProperties: true,
  },

  ReplicaSet: {
    type: 'object',
    description:
      'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['apps/v1'], 'ReplicaSet is in the apps/v1 API group.'),
      metadata: ref('ObjectMeta'),
      spec: ref('ReplicaSetSpec'),
      status: ref('ReplicaSetStatus'),
    },
    additionalProperties: true,
  },

  StatefulSetSpec: {
    type: 'object',
    description: 'A StatefulSetSpec is the specification of a StatefulSet.',
    required: ['selector', 'template'],
    properties: {
      replicas: workloadReplicas,
      selector: workloadSelector,
      template: workloadTemplate,
      serviceName: str(
        'serviceName is the name of the service that governs this StatefulSet. This service must exist before the StatefulSet, and is responsible for the network identity of the set. Pods get DNS/hostnames that follow the pattern: pod-specific-string.serviceName.default.svc.cluster.local where "pod-specific-string" is managed by the StatefulSet controller.',
      ),
      podManagementPolicy: {
        type: 'string',
        enum: ['OrderedReady', 'Parallel'],
        enumDescriptions: [
          'Pods are created in increasing order (pod-0, then pod-1, etc) and the controller will wait until each pod is ready before continuing. When scaling down, the pods are removed in the opposite order.',
          'Create and delete pods as soon as the stateful set replica count is changed, without waiting for pods to be ready or complete termination.',
        ],
        description:
          'podManagementPolicy controls how pods are created during initial scale up, when replacing pods on nodes, or when scaling down. The default policy is `OrderedReady`.',
      },
      updateStrategy: {
        type: 'object',
        description:
          'updateStrategy indicates the StatefulSetUpdateStrategy that will be employed to update Pods in the StatefulSet when a revision is made to Template.',
        properties: {
          type: {
            type: 'string',
            enum: ['RollingUpdate', 'OnDelete'],
            description:
              'Type indicates the type of the StatefulSetUpdateStrategy. Default is RollingUpdate.',
          },
          rollingUpdate: {
            type: 'object',
            description:
              'RollingUpdate is used to communicate parameters when Type is RollingUpdateStatefulSetStrategyType.',
            properties: {
              partition: count(
                'Partition indicates the ordinal at which the StatefulSet should be partitioned for updates. Default value is 0.',
              ),
              maxUnavailable: intOrPercent(
                'The maximum number of pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 1.',
              ),
            },
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
      volumeClaimTemplates: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        description:
          'volumeClaimTemplates is a list of claims that pods are allowed to reference. Every claim in this list must have at least one matching (by name) volumeMount in one container in the template.',
      },
      minReadySeconds,
      revisionHistoryLimit,
      persistentVolumeClaimRetentionPolicy: {
        type: 'object',
        description:
          'persistentVolumeClaimRetentionPolicy describes the lifecycle of persistent volume claims created from volumeClaimTemplates.',
        properties: {
          whenDeleted: {
            type: 'string',
            enum: ['Retain', 'Delete'],
            description:
              'WhenDeleted specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is deleted.',
          },
          whenScaled: {
            type: 'string',
            enum: ['Retain', 'Delete'],
            description:
              'WhenScaled specifies what happens to PVCs created from StatefulSet VolumeClaimTemplates when the StatefulSet is scaled down.',
          },
        },
        additionalProperties: true,
      },
      ordinals: {
        type: 'object',
        description:
          'ordinals controls the numbering of replica indices in a StatefulSet. The default ordinals behavior assigns a "0" index to the first replica and increments the index by one for each additional replica requested.',
        properties: {
          start: count(
            "start is the number representing the first replica's index. Defaults to 0.",
          ),
        },
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },

  StatefulSetStatus: {
    type: 'object',
    description: 'StatefulSetStatus represents the current state of a StatefulSet.',
    properties: {
      observedGeneration,
      replicas: count('replicas is the number of Pods created by the StatefulSet controller.'),
      readyReplicas: count(
        'readyReplicas is the number of pods created for this StatefulSet with a Ready Condition.',
      ),
      currentReplicas: count(
        'currentReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by currentRevision.',
      ),
      updatedReplicas: count(
        'updatedReplicas is the number of Pods created by the StatefulSet controller from the StatefulSet version indicated by updateRevision.',
      ),
      availableReplicas: count(
        'Total number of available pods (ready for at least minReadySeconds) targeted by this statefulset.',
      ),
      currentRevision: str(
        'currentRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [0,currentReplicas).',
      ),
      updateRevision: str(
        'updateRevision, if not empty, indicates the version of the StatefulSet used to generate Pods in the sequence [replicas-updatedReplicas,replicas)',
      ),
      conditions: conditions(
        "Represents the latest available observations of a statefulset's current state.",
      ),
    },
    additionalProperties: true,
  },

  StatefulSet: {
    type: 'object',
    description:
      'StatefulSet represents a set of pods with consistent identities. Identities are defined as: network (a single stable DNS and hostname) and storage (as many VolumeClaims as requested).',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['apps/v1'], 'StatefulSet is in the apps/v1 API group.'),
      metadata: ref('ObjectMeta'),
      spec: ref('StatefulSetSpec'),
      status: ref('StatefulSetStatus'),
    },
    additionalProperties: true,
  },

  DaemonSetSpec: {
    type: 'object',
    description:
      'DaemonSetSpec is the specification of a daemon set. A DaemonSet has no replicas: it runs one pod on each eligible node.',
    required: ['selector', 'template'],
    properties: {
      selector: workloadSelector,
      template: {
        ...ref('PodTemplateSpec'),
        description:
          "An object that describes the pod that will be created. The DaemonSet will create exactly one copy of this pod on every node that matches the template's node selector (or on every node if no node selector is specified).",
      },
      updateStrategy: {
        type: 'object',
        description: 'An update strategy to replace existing DaemonSet pods with new pods.',
        properties: {
          type: {
            type: 'string',
            enum: ['RollingUpdate', 'OnDelete'],
            description:
              'Type of daemon set update. Can be "RollingUpdate" or "OnDelete". Default is RollingUpdate.',
          },
          rollingUpdate: {
            type: 'object',
            description: 'Rolling update config params. Present only if type = "RollingUpdate".',
            properties: {
              maxUnavailable: intOrPercent(
                'The maximum number of DaemonSet pods that can be unavailable during the update. Value can be an absolute number (ex: 5) or a percentage of total number of DaemonSet pods at the start of the update (ex: 10%). Default value is 1.',
              ),
              maxSurge: intOrPercent(
                'The maximum number of nodes with an existing available DaemonSet pod that can have an updated DaemonSet pod during during an update. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Defaults to 0.',
              ),
            },
            additionalProperties: true,
          },
        },
        additionalProperties: true,
      },
      minReadySeconds,
      revisionHistoryLimit,
    },
    additionalProperties: true,
  },

  DaemonSetStatus: {
    type: 'object',
    description: 'DaemonSetStatus represents the current status of a daemon set.',
    properties: {
      observedGeneration,
      currentNumberScheduled: count(
        'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.',
      ),
      desiredNumberScheduled: count(
        'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).',
      ),
      numberMisscheduled: count(
        'The number of nodes that are running the daemon pod, but are not supposed to run the daemon pod.',
      ),
      numberReady: count(
        'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.',
      ),
      numberAvailable: count(
        'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds).',
      ),
      numberUnavailable: count(
        'The number of nodes that should be running the daemon pod and have none of the daemon pod running and available (ready for at least spec.minReadySeconds).',
      ),
      updatedNumberScheduled: count(
        'The total number of nodes that are running updated daemon pod.',
      ),
      conditions: conditions(
        "Represents the latest available observations of a DaemonSet's current state.",
      ),
    },
    additionalProperties: true,
  },

  DaemonSet: {
    type: 'object',
    description: 'DaemonSet represents the configuration of a daemon set.',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: apiVersion(['apps/v1'], 'DaemonSet is in the apps/v1 API group.'),
      metadata: ref('ObjectMeta'),
      spec: ref('DaemonSetSpec'),
      status: ref('DaemonSetStatus'),
    },
    additionalProperties: true,
  },

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

  // kubeadm (kubeadm.k8s.io/v1beta4 and v1beta3).
  KubeadmArgList: {
    type: 'array',
    description: extraArgsDescription,
    items: {
      type: 'object',
      description: 'Arg represents an argument with a name and a value.',
      required: ['name'],
      properties: {
        name: {
          type: 'string',
          examples: Object.keys(apiServerFlags),
          description:
            'The name of the argument: the flag name without leading dashes, e.g. service-node-port-range or service-cluster-ip-range.',
        },
        value: str('The value of the argument.'),
      },
      additionalProperties: true,
    },
  },

  KubeadmArgMap: {
    type: 'object',
    description: extraArgsDescription,
    properties: apiServerFlags,
    additionalProperties: { type: 'string' },
  },

  KubeadmControlPlaneComponent: {
    type: 'object',
    description:
      'ControlPlaneComponent holds settings common to control plane component of the cluster.',
    properties: {
      extraArgs: {
        type: ['array', 'object'],
        description: extraArgsDescription,
        if: { type: 'array' },
        then: ref('KubeadmArgList'),
        else: ref('KubeadmArgMap'),
      },
      extraVolumes: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        description:
          'extraVolumes is an extra set of host volumes, mounted to the control plane component.',
      },
      extraEnvs: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        description:
          'extraEnvs is an extra set of environment variables to pass to the control plane component.',
      },
      certSANs: stringList(
        'certSANs sets extra Subject Alternative Names (SANs) for the API Server signing certificate.',
      ),
    },
    additionalProperties: true,
  },

  ClusterConfiguration: {
    type: 'object',
    description: 'ClusterConfiguration contains cluster-wide configuration for a kubeadm cluster.',
    required: ['apiVersion'],
    properties: {
      apiVersion: apiVersion(
        ['kubeadm.k8s.io/v1beta4', 'kubeadm.k8s.io/v1beta3'],
        'kubeadm.k8s.io/v1beta4 (kubeadm 1.31 and later) or the older kubeadm.k8s.io/v1beta3.',
      ),
      networking: {
        type: 'object',
        description: 'networking holds configuration for the networking topology of the cluster.',
        properties: {
          serviceSubnet: str(
            'serviceSubnet is the subnet used by Kubernetes Services. Defaults to "10.96.0.0/12". kubeadm passes it to the API server as --service-cluster-ip-range.',
          ),
          podSubnet: str(
            'podSubnet is the subnet used by Pods. If set, the control plane automatically allocates CIDRs for every node.',
          ),
          dnsDomain: str(
            'dnsDomain is the DNS domain used by Kubernetes Services. Defaults to "cluster.local".',
          ),
        },
        additionalProperties: true,
      },
      kubernetesVersion: str('kubernetesVersion is the target version of the control plane.'),
      controlPlaneEndpoint: str(
        'controlPlaneEndpoint sets a stable IP address or DNS name for the control plane; it can be a valid IP address or a RFC-1123 DNS subdomain, both with optional TCP port.',
      ),
      apiServer: {
        ...ref('KubeadmControlPlaneComponent'),
        description: 'apiServer contains extra settings for the API server.',
      },
      controllerManager: {
        ...ref('KubeadmControlPlaneComponent'),
        description: 'controllerManager contains extra settings for the controller manager.',
      },
      scheduler: {
        ...ref('KubeadmControlPlaneComponent'),
        description: 'scheduler contains extra settings for the scheduler.',
      },
      etcd: {
        type: 'object',
        description: 'etcd holds the configuration for etcd.',
        additionalProperties: true,
      },
      dns: {
        type: 'object',
        description: 'dns defines the options for the DNS add-on installed in the cluster.',
        properties: {
          disabled: bool('disabled specifies whether to disable this addon in the cluster.'),
          imageRepository: str('imageRepository sets the container registry to pull images from.'),
          imageTag: str('imageTag allows to specify a tag for the image.'),
        },
        additionalProperties: true,
      },
      proxy: {
        type: 'object',
        description: 'proxy defines the options for the proxy add-on installed in the cluster.',
        properties: {
          disabled: bool('disabled specifies whether to disable this addon in the cluster.'),
        },
        additionalProperties: true,
      },
      certificatesDir: str(
        'certificatesDir specifies where to store or look for all required certificates.',
      ),
      imageRepository: str('imageRepository sets the container registry to pull images from.'),
      featureGates: {
        type: 'object',
        additionalProperties: { type: 'boolean' },
        description: 'featureGates contains the feature gates enabled by the user.',
      },
      clusterName: str('The cluster name.'),
      encryptionAlgorithm: {
        type: 'string',
        enum: ['RSA-2048', 'RSA-3072', 'RSA-4096', 'ECDSA-P256', 'ECDSA-P384'],
        description:
          'encryptionAlgorithm holds the type of asymmetric encryption algorithm used for keys and certificates. Defaults to "RSA-2048" (v1beta4).',
      },
    },
    additionalProperties: true,
    // v1beta4 turned extraArgs from a map into a list of {name, value}; each version accepts
    // only its own form. The branches only narrow the type (the component definition supplies
    // the fields), so the warning reads 'Expected "array"' rather than naming a definition.
    allOf: [
      {
        if: {
          properties: { apiVersion: { const: 'kubeadm.k8s.io/v1beta4' } },
          required: ['apiVersion'],
        },
        then: {
          properties: {
            apiServer: { properties: { extraArgs: { type: 'array' } } },
            controllerManager: { properties: { extraArgs: { type: 'array' } } },
            scheduler: { properties: { extraArgs: { type: 'array' } } },
          },
        },
      },
      {
        if: {
          properties: { apiVersion: { const: 'kubeadm.k8s.io/v1beta3' } },
          required: ['apiVersion'],
        },
        then: {
          properties: {
            apiServer: { properties: { extraArgs: { type: 'object' } } },
            controllerManager: { properties: { extraArgs: { type: 'object' } } },
            scheduler: { properties: { extraArgs: { type: 'object' } } },
          },
        },
      },
    ],
  },

  // kube-proxy (kubeproxy.config.k8s.io/v1alpha1). kubeadm's kube-proxy ConfigMap prints unset
  // pointer fields as `null` and unset strings as "", so both are accepted throughout.
  KubeProxyConfiguration: {
    type: 'object',
    description:
      'KubeProxyConfiguration contains everything necessary to configure the Kubernetes proxy server.',
    required: ['apiVersion'],
    properties: {
      apiVersion: apiVersion(
        ['kubeproxy.config.k8s.io/v1alpha1'],
        'kube-proxy reads kubeproxy.config.k8s.io/v1alpha1.',
      ),
      mode: {
        type: 'string',
        enum: ['', 'iptables', 'ipvs', 'nftables', 'kernelspace'],
        enumDescriptions: [
          'Unset: the best-available mode (iptables on Linux, kernelspace on Windows).',
          'Linux iptables rules: the KUBE-SERVICES, KUBE-SVC-* and KUBE-SEP-* chains.',
          'Linux IPVS virtual servers on the kube-ipvs0 dummy interface.',
          'Linux nftables rules in the kube-proxy table.',
          'Windows HNS load balancers.',
        ],
        description:
          "mode specifies which proxy mode to use. On Linux, 'iptables' (the default), 'ipvs' or 'nftables'; on Windows, 'kernelspace'. If unspecified, the best-available proxy mode is used.",
      },
      clusterCIDR: str(
        'clusterCIDR is the CIDR range of the pods in the cluster. (For dual-stack clusters, this can be a comma-separated dual-stack pair of CIDR ranges.) When detectLocalMode is set to ClusterCIDR, kube-proxy will consider traffic to be local if its source IP is in this range.',
      ),
      nodePortAddresses: nullableStringList(
        "nodePortAddresses is a list of CIDR ranges that contain valid node IPs, or alternatively, the single string 'primary'. If set to a list of CIDRs, connections to NodePort services will only be accepted on node IPs in one of the indicated ranges. If unset, NodePort connections will be accepted on all local IPs.",
      ),
      detectLocalMode: {
        type: 'string',
        enum: ['', 'ClusterCIDR', 'NodeCIDR', 'BridgeInterface', 'InterfaceNamePrefix'],
        enumDescriptions: [
          'Unset: ClusterCIDR.',
          'Traffic from the clusterCIDR is local.',
          "Traffic from the node's pod CIDR (Node.spec.podCIDR) is local.",
          'Traffic arriving on detectLocal.bridgeInterface is local.',
          'Traffic arriving on an interface whose name starts with detectLocal.interfaceNamePrefix is local.',
        ],
        description:
          'detectLocalMode determines mode to use for detecting local traffic, defaults to ClusterCIDR.',
      },
      detectLocal: {
        type: 'object',
        description:
          'detectLocal contains optional configuration settings related to DetectLocalMode.',
        properties: {
          bridgeInterface: str(
            'bridgeInterface is a bridge interface name. When DetectLocalMode is set to BridgeInterface, kube-proxy will consider traffic to be local if it originates from this bridge.',
          ),
          interfaceNamePrefix: str(
            'interfaceNamePrefix is an interface name prefix. When DetectLocalMode is set to InterfaceNamePrefix, kube-proxy will consider traffic to be local if it originates from any interface whose name begins with this prefix.',
          ),
        },
        additionalProperties: true,
      },
      iptables: {
        type: 'object',
        description: 'iptables contains iptables-related configuration options.',
        properties: {
          masqueradeAll: bool(
            'masqueradeAll tells kube-proxy to SNAT all traffic sent to Service cluster IPs, when using the iptables or ipvs proxy mode. This may be required with some CNI plugins.',
          ),
          masqueradeBit: {
            type: ['integer', 'null'],
            minimum: 0,
            maximum: 31,
            description:
              'masqueradeBit is the bit of the iptables fwmark space to use for SNAT if using the iptables or ipvs proxy mode. Values must be within the range [0, 31].',
          },
          localhostNodePorts: {
            type: ['boolean', 'null'],
            description:
              'localhostNodePorts, if false, tells kube-proxy to disable the legacy behavior of allowing NodePort services to be accessed via localhost. (Applies only to iptables mode and IPv4; localhost NodePorts are never allowed with other proxy modes or with IPv6.)',
          },
          syncPeriod: duration(
            "syncPeriod is an interval (e.g. '5s', '1m', '2h22m') indicating how frequently various re-synchronizing and cleanup operations are performed. Must be greater than 0.",
          ),
          minSyncPeriod: duration(
            "minSyncPeriod is the minimum period between iptables rule resyncs (e.g. '5s', '1m', '2h22m'). A value of 0 means every Service or EndpointSlice change will result in an immediate iptables resync.",
          ),
        },
        additionalProperties: true,
      },
      ipvs: {
        type: 'object',
        description: 'ipvs contains ipvs-related configuration options.',
        properties: {
          scheduler: {
            type: 'string',
            enum: [
              '',
              'rr',
              'wrr',
              'lc',
              'wlc',
              'lblc',
              'lblcr',
              'dh',
              'sh',
              'sed',
              'nq',
              'mh',
              'fo',
              'ovf',
              'twos',
            ],
            enumDescriptions: [
              'Unset: round robin (rr).',
              'Round robin.',
              'Weighted round robin.',
              'Least connection.',
              'Weighted least connection.',
              'Locality-based least connection.',
              'Locality-based least connection with replication.',
              'Destination hashing.',
              'Source hashing.',
              'Shortest expected delay.',
              'Never queue.',
              'Maglev hashing.',
              'Weighted failover.',
              'Weighted overflow.',
              'Weighted random twos choice.',
            ],
            description: 'scheduler is the IPVS scheduler to use. Defaults to rr (round robin).',
          },
          strictARP: bool(
            'strictARP configures arp_ignore and arp_announce to avoid answering ARP queries from kube-ipvs0 interface.',
          ),
          excludeCIDRs: nullableStringList(
            'excludeCIDRs is a list of CIDRs which the ipvs proxier should not touch when cleaning up ipvs services.',
          ),
          syncPeriod: duration(
            "syncPeriod is an interval (e.g. '5s', '1m', '2h22m') indicating how frequently various re-synchronizing and cleanup operations are performed. Must be greater than 0.",
          ),
          minSyncPeriod: duration(
            "minSyncPeriod is the minimum period between IPVS rule resyncs (e.g. '5s', '1m', '2h22m'). A value of 0 means every Service or EndpointSlice change will result in an immediate IPVS resync.",
          ),
          tcpTimeout: duration(
            'tcpTimeout is the timeout value used for idle IPVS TCP sessions. The default value is 0, which preserves the current timeout value on the system.',
          ),
          tcpFinTimeout: duration(
            'tcpFinTimeout is the timeout value used for IPVS TCP sessions after receiving a FIN. The default value is 0, which preserves the current timeout value on the system.',
          ),
          udpTimeout: duration(
            'udpTimeout is the timeout value used for IPVS UDP packets. The default value is 0, which preserves the current timeout value on the system.',
          ),
        },
        additionalProperties: true,
      },
      nftables: {
        type: 'object',
        description: 'nftables contains nftables-related configuration options.',
        properties: {
          masqueradeAll: bool(
            'masqueradeAll tells kube-proxy to SNAT all traffic sent to Service cluster IPs, when using the nftables mode.',
          ),
          masqueradeBit: {
            type: ['integer', 'null'],
            minimum: 0,
            maximum: 31,
            description:
              'masqueradeBit is the bit of the iptables fwmark space to use for SNAT if using the nftables proxy mode. Values must be within the range [0, 31].',
          },
          syncPeriod: duration(
            "syncPeriod is an interval (e.g. '5s', '1m', '2h22m') indicating how frequently various re-synchronizing and cleanup operations are performed. Must be greater than 0.",
          ),
          minSyncPeriod: duration(
            "minSyncPeriod is the minimum period between nftables rule resyncs (e.g. '5s', '1m', '2h22m'). A value of 0 means every Service or EndpointSlice change will result in an immediate nftables resync.",
          ),
        },
        additionalProperties: true,
      },
      conntrack: {
        type: 'object',
        description: 'conntrack contains conntrack-related configuration options.',
        properties: {
          maxPerCore: {
            type: ['integer', 'null'],
            minimum: 0,
            description:
              'maxPerCore is the maximum number of NAT connections to track per CPU core (0 to leave the limit as-is and ignore min).',
          },
          min: {
            type: ['integer', 'null'],
            minimum: 0,
            description:
              'min is the minimum value of connect-tracking records to allocate, regardless of maxPerCore (set maxPerCore=0 to leave the limit as-is).',
          },
          tcpEstablishedTimeout: duration(
            "tcpEstablishedTimeout is how long an idle TCP connection will be kept open (e.g. '2s'). Must be greater than 0 to set.",
            true,
          ),
          tcpCloseWaitTimeout: duration(
            "tcpCloseWaitTimeout is how long an idle conntrack entry in CLOSE_WAIT state will remain in the conntrack table. (e.g. '60s'). Must be greater than 0 to set.",
            true,
          ),
          tcpBeLiberal: bool(
            "tcpBeLiberal, if true, kube-proxy will configure conntrack to run in liberal mode for TCP connections and packets with out-of-window sequence numbers won't be marked INVALID.",
          ),
          udpTimeout: duration(
            "udpTimeout is how long an idle UDP conntrack entry in UNREPLIED state will remain in the conntrack table (e.g. '30s'). Must be greater than 0 to set.",
          ),
          udpStreamTimeout: duration(
            "udpStreamTimeout is how long an idle UDP conntrack entry in ASSURED state will remain in the conntrack table (e.g. '300s'). Must be greater than 0 to set.",
          ),
        },
        additionalProperties: true,
      },
      bindAddress: str(
        "bindAddress can be used to override kube-proxy's idea of what its node's primary IP is. Note that the name is a historical artifact, and kube-proxy does not actually bind any sockets to this IP.",
      ),
      healthzBindAddress: str(
        'healthzBindAddress is the IP address and port for the health check server to serve on, defaulting to "0.0.0.0:10256" (if bindAddress is unset or IPv4), or "[::]:10256" (if bindAddress is IPv6).',
      ),
      metricsBindAddress: str(
        'metricsBindAddress is the IP address and port for the metrics server to serve on, defaulting to "127.0.0.1:10249" (if bindAddress is unset or IPv4), or "[::1]:10249" (if bindAddress is IPv6). (Set to "0.0.0.0:10249" / "[::]:10249" to bind on all interfaces.)',
      ),
      hostnameOverride: str(
        "hostnameOverride, if non-empty, will be used as the name of the Node that kube-proxy is running on. If unset, the node name is assumed to be the same as the node's hostname.",
      ),
      configSyncPeriod: duration(
        'configSyncPeriod is how often configuration from the apiserver is refreshed. Must be greater than 0.',
      ),
      oomScoreAdj: {
        type: ['integer', 'null'],
        minimum: -1000,
        maximum: 1000,
        description:
          'oomScoreAdj is the oom-score-adj value for kube-proxy process. Values must be within the range [-1000, 1000]',
      },
      featureGates: {
        type: 'object',
        additionalProperties: { type: 'boolean' },
        description:
          'featureGates is a map of feature names to bools that enable or disable alpha/experimental features.',
      },
      clientConnection: {
        type: 'object',
        description:
          'clientConnection specifies the kubeconfig file and client connection settings for the proxy server to use when communicating with the apiserver.',
        additionalProperties: true,
      },
    },
    additionalProperties: true,
  },

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
