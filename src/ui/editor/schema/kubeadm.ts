// Config-file definitions of the editor's Kubernetes schema: kubeadm's ClusterConfiguration
// (kubeadm.k8s.io/v1beta4 and v1beta3, with the control plane components' extraArgs) and
// kube-proxy's KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1). Descriptions are
// shortened from the kubeadm and kube-proxy configuration references.

import type { JSONSchema } from 'monaco-yaml'

import { ref, str, bool, stringList, nullableStringList, apiVersion, duration } from './builders'

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

export const definitions: Record<string, JSONSchema> = {
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
}
