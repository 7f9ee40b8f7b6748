/**
 * Cluster and kube-proxy settings from the documents a kubeadm user already writes:
 * ClusterConfiguration (kubeadm.k8s.io/v1beta4 or v1beta3), KubeProxyConfiguration
 * (kubeproxy.config.k8s.io/v1alpha1) and the default ServiceCIDR. Later documents win, and
 * explicit overrides (the toolbar, svcsim's flags) win over the documents.
 * @see https://kubernetes.io/docs/reference/config-api/kubeadm-config.v1beta4/
 * @see https://kubernetes.io/docs/reference/config-api/kube-proxy-config.v1alpha1/
 */
import type { Diagnostic } from '../diagnostics'
import { DEFAULT_PROXY_SETTINGS, DEFAULT_SETTINGS } from '../model/cluster'
import type { ClusterSettings, DetectLocalMode, ProxySettings } from '../model/cluster'
import { parseCidr } from '../net/ipv4'
import { isObject, rangeOfField } from '../parse/readManifests'
import type { Manifest } from '../parse/readManifests'

export type Settings = ClusterSettings & ProxySettings

export type SettingsOverrides = Partial<Pick<Settings, 'proxyMode' | 'seed'>> & {
  /** svcsim's --scheduler, the toolbar's Scheduler picker: overrides `ipvs.scheduler`. */
  scheduler?: string
}

/** kubeadm's extraArgs: a list of {name, value} in v1beta4, a map in v1beta3. */
function extraArgs(value: unknown): Map<string, string> {
  const args = new Map<string, string>()
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isObject(item) && typeof item.name === 'string') args.set(item.name, scalar(item.value))
    }
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) args.set(key, scalar(item))
  }
  return args
}

/** A flag value as kubeadm would pass it; objects and lists are not flag values. */
function scalar(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : ''
}

function at(value: unknown, ...path: string[]): unknown {
  let current = value
  for (const key of path) current = isObject(current) ? current[key] : undefined
  return current
}

const DETECT_LOCAL_MODES: readonly DetectLocalMode[] = [
  'ClusterCIDR',
  'NodeCIDR',
  'BridgeInterface',
  'InterfaceNamePrefix',
]

/**
 * iptables.masqueradeBit, iptables.localhostNodePorts, detectLocalMode and detectLocal, with
 * kube-proxy's own validation messages (pkg/proxy/apis/config/validation) for values it refuses.
 */
function readIptablesAndDetectLocal(
  manifest: Manifest,
  settings: Settings,
  diagnostics: Diagnostic[],
): void {
  const raw = manifest.raw
  const invalid = (path: string, message: string) =>
    diagnostics.push({
      code: 'invalid-config',
      severity: 'error',
      message: `${path}: ${message}`,
      range: rangeOfField(manifest.source, path),
      objectRef: manifest.ref,
    })
  const bit = at(raw, 'iptables', 'masqueradeBit')
  if (typeof bit === 'number') {
    if (Number.isInteger(bit) && bit >= 0 && bit <= 31) settings.masqueradeBit = bit
    else
      invalid('iptables.masqueradeBit', `Invalid value: ${bit}: must be within the range [0, 31]`)
  }
  const localhost = at(raw, 'iptables', 'localhostNodePorts')
  if (typeof localhost === 'boolean') settings.localhostNodePorts = localhost
  const mode = raw.detectLocalMode
  if (typeof mode === 'string' && mode !== '') {
    const known = DETECT_LOCAL_MODES.find((m) => m === mode)
    if (known) settings.detectLocalMode = known
    else
      invalid(
        'detectLocalMode',
        `Unsupported value: "${mode}": supported values: ${DETECT_LOCAL_MODES.map((m) => `"${m}"`).join(', ')}`,
      )
  }
  const bridge = at(raw, 'detectLocal', 'bridgeInterface')
  if (typeof bridge === 'string') settings.bridgeInterface = bridge
  const prefix = at(raw, 'detectLocal', 'interfaceNamePrefix')
  if (typeof prefix === 'string') settings.interfaceNamePrefix = prefix
}

export function readSettings(
  manifests: readonly Manifest[],
  overrides: SettingsOverrides,
): { settings: Settings; diagnostics: Diagnostic[] } {
  const settings: Settings = { ...DEFAULT_SETTINGS, ...DEFAULT_PROXY_SETTINGS }
  const diagnostics: Diagnostic[] = []
  let clusterCIDRSet = false

  const cidr = (manifest: Manifest, path: string, value: unknown, apply: (v: string) => void) => {
    if (value === undefined || value === null || value === '') return
    if (typeof value === 'string' && parseCidr(value) !== null) {
      apply(value.trim())
      return
    }
    diagnostics.push({
      code: 'invalid-config',
      severity: 'error',
      message: `${path}: Invalid value: ${JSON.stringify(value)}: couldn't parse subnet`,
      range: rangeOfField(manifest.source, path),
      objectRef: manifest.ref,
    })
  }

  for (const manifest of manifests) {
    const raw = manifest.raw
    if (manifest.kind === 'ClusterConfiguration') {
      cidr(manifest, 'networking.serviceSubnet', at(raw, 'networking', 'serviceSubnet'), (v) => {
        settings.serviceSubnet = v
      })
      cidr(manifest, 'networking.podSubnet', at(raw, 'networking', 'podSubnet'), (v) => {
        settings.podSubnet = v
        if (!clusterCIDRSet) settings.clusterCIDR = v
      })
      const domain = at(raw, 'networking', 'dnsDomain')
      if (typeof domain === 'string' && domain !== '') settings.dnsDomain = domain
      const apiServer = extraArgs(at(raw, 'apiServer', 'extraArgs'))
      const range = apiServer.get('service-node-port-range')
      if (range !== undefined) {
        if (/^\d+-\d+$/.test(range.trim())) settings.nodePortRange = range.trim()
        else
          diagnostics.push({
            code: 'invalid-config',
            severity: 'error',
            message: `invalid argument "${range}" for "--service-node-port-range" flag: invalid port range: "${range}"`,
            range: rangeOfField(manifest.source, 'apiServer.extraArgs'),
            objectRef: manifest.ref,
          })
      }
      const serviceRange = apiServer.get('service-cluster-ip-range')
      if (serviceRange !== undefined) {
        cidr(manifest, 'apiServer.extraArgs', serviceRange, (v) => {
          settings.serviceSubnet = v
        })
      }
      const mask = extraArgs(at(raw, 'controllerManager', 'extraArgs')).get('node-cidr-mask-size')
      if (mask !== undefined && /^\d+$/.test(mask)) settings.nodeCidrMaskSize = Number(mask)
    } else if (manifest.kind === 'KubeProxyConfiguration') {
      const mode = raw.mode
      if (mode === 'iptables' || mode === '' || mode === undefined) settings.proxyMode = 'iptables'
      else if (mode === 'ipvs') settings.proxyMode = 'ipvs'
      else if (mode === 'userspace') {
        settings.proxyMode = 'userspace'
        diagnostics.push({
          code: 'invalid-config',
          severity: 'info',
          message:
            'userspace mode was removed from kube-proxy in v1.26; the playground shows how it worked',
          range: rangeOfField(manifest.source, 'mode'),
          objectRef: manifest.ref,
        })
      } else
        diagnostics.push({
          code: 'invalid-config',
          severity: 'info',
          message: `mode "${scalar(mode)}" is not simulated yet; the playground runs kube-proxy in iptables mode.`,
          range: rangeOfField(manifest.source, 'mode'),
          objectRef: manifest.ref,
        })
      cidr(manifest, 'clusterCIDR', raw.clusterCIDR, (v) => {
        settings.clusterCIDR = v
        clusterCIDRSet = true
      })
      // v1alpha1 keeps it under `iptables` (KubeProxyIPTablesConfiguration); v1alpha2 moved it
      // to the top level.
      const masqueradeAll = at(raw, 'iptables', 'masqueradeAll') ?? raw.masqueradeAll
      if (typeof masqueradeAll === 'boolean') settings.masqueradeAll = masqueradeAll
      const scheduler = at(raw, 'ipvs', 'scheduler')
      if (typeof scheduler === 'string') settings.ipvsScheduler = scheduler
      const strictARP = at(raw, 'ipvs', 'strictARP')
      if (typeof strictARP === 'boolean') settings.ipvsStrictARP = strictARP
      if (Array.isArray(raw.nodePortAddresses)) {
        settings.nodePortAddresses = raw.nodePortAddresses.filter(
          (v): v is string => typeof v === 'string',
        )
      }
      readIptablesAndDetectLocal(manifest, settings, diagnostics)
    } else if (manifest.kind === 'ServiceCIDR' && manifest.name === 'kubernetes') {
      // The default ServiceCIDR mirrors --service-cluster-ip-range; its first CIDR is the range.
      const cidrs = at(raw, 'spec', 'cidrs')
      if (Array.isArray(cidrs)) {
        cidr(manifest, 'spec.cidrs[0]', cidrs[0], (v) => {
          settings.serviceSubnet = v
        })
      }
    }
  }
  if (overrides.proxyMode !== undefined) settings.proxyMode = overrides.proxyMode
  if (overrides.seed !== undefined) settings.seed = overrides.seed
  if (overrides.scheduler !== undefined) settings.ipvsScheduler = overrides.scheduler
  return { settings, diagnostics }
}
