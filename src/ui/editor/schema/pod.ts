// Pod (core/v1) definitions of the editor's Kubernetes schema: ContainerPort, Probe, Container,
// PodSpec, PodStatus, Toleration, the Pod kind, and the PodTemplateSpec that the workload kinds
// stamp their pods out of. Descriptions are shortened from the Kubernetes API reference
// (k8s.io/api/core/v1).

import type { JSONSchema } from 'monaco-yaml'

import {
  ref,
  portNumber,
  count,
  str,
  bool,
  stringMap,
  stringList,
  list,
  apiVersion,
  protocol,
  portName,
  intOrStringPort,
  quantityMap,
  conditions,
} from './builders'

export const definitions: Record<string, JSONSchema> = {
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
}
