// Endpoints definitions of the editor's Kubernetes schema: the legacy core/v1 Endpoints (with
// EndpointAddress, EndpointPort, EndpointSubset) and discovery.k8s.io/v1 EndpointSlice (with
// Endpoint and EndpointSlicePort). Descriptions are shortened from the Kubernetes API reference
// (k8s.io/api/core/v1, k8s.io/api/discovery/v1).

import type { JSONSchema } from 'monaco-yaml'

import { ref, portNumber, str, list, apiVersion, protocol, metadataWithLabels } from './builders'

export const definitions: Record<string, JSONSchema> = {
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
}
