// Service (core/v1) definitions of the editor's Kubernetes schema: ServicePort, ServiceSpec,
// ServiceStatus with its LoadBalancerIngress, and the Service kind itself. Descriptions are
// shortened from the Kubernetes API reference (k8s.io/api/core/v1).

import type { JSONSchema } from 'monaco-yaml'

import {
  portNumber,
  str,
  stringMap,
  stringList,
  list,
  protocol,
  trafficPolicy,
  intOrStringPort,
  conditions,
} from './builders'

export const definitions: Record<string, JSONSchema> = {
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
}
