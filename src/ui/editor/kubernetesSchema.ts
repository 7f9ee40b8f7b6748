import type { JSONSchema } from 'monaco-yaml'

// A hand-written subset of the Kubernetes v1 API, covering only what the playground simulates
// (Service and Pod). Descriptions are shortened from the Kubernetes API reference. Every object
// keeps additionalProperties open: real `kubectl get -o yaml` output carries many fields that this
// schema does not list (managedFields, uid, status conditions, ...), and flagging them would bury
// the warnings that matter.

export const KUBERNETES_SCHEMA_URI = 'inmemory://playground/kubernetes-v1-service-pod.schema.json'

const portNumber = (description: string): JSONSchema => ({
  type: 'integer',
  minimum: 1,
  maximum: 65535,
  description,
})

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

const kindIs = (kind: string, ref: string): JSONSchema => ({
  if: { properties: { kind: { const: kind } }, required: ['kind'] },
  then: { $ref: ref },
})

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
        additionalProperties: true,
      },
      conditions: {
        type: 'array',
        description: 'Current service state.',
        items: { type: 'object', additionalProperties: true },
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
        items: { type: 'object', additionalProperties: true },
        description: 'podIPs holds the IP addresses allocated to the pod.',
      },
      hostIP: {
        type: 'string',
        description:
          'IP address of the host to which the pod is assigned. Empty if not yet scheduled.',
      },
      conditions: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        description:
          'Current service state of pod (PodScheduled, Initialized, ContainersReady, Ready).',
      },
      containerStatuses: {
        type: 'array',
        items: { type: 'object', additionalProperties: true },
        description: 'The list has one entry per container in the manifest.',
      },
    },
    additionalProperties: true,
  },

  Pod: {
    type: 'object',
    description: 'Pod is a collection of containers that can run on a host.',
    required: ['apiVersion', 'metadata', 'spec'],
    properties: {
      apiVersion: {
        type: 'string',
        enum: ['v1'],
        description: 'Pod is in the core API group: v1.',
      },
      metadata: { $ref: '#/definitions/ObjectMeta' },
      spec: { $ref: '#/definitions/PodSpec' },
      status: { $ref: '#/definitions/PodStatus' },
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
// if/then (draft-07): a failed `if` adds no problems, so any other kind (Deployment,
// EndpointSlice, Node, KubeProxyConfiguration, ...) validates against the open root schema,
// and a Service or Pod is reported against its own definition only, not against a oneOf
// union whose "closest match" errors would be confusing.
export const kubernetesSchema: JSONSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  properties: {
    apiVersion: {
      type: 'string',
      description: 'APIVersion defines the versioned schema of this representation of an object.',
    },
    kind: {
      type: 'string',
      examples: ['Service', 'Pod'],
      description:
        'Kind is a string value representing the REST resource this object represents. This playground checks Service and Pod; other kinds are accepted as they are.',
    },
  },
  allOf: [
    kindIs('Service', '#/definitions/Service'),
    kindIs('Pod', '#/definitions/Pod'),
    kindIs('List', '#/definitions/List'),
  ],
  definitions,
}
