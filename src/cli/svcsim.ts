/**
 * svcsim: the engine in a terminal (DESIGN.md §5).
 *
 *   npm run --silent svcsim -- validate -f FILE [-f FILE ...]
 *   npm run --silent svcsim -- get KIND -f FILE [-o wide|yaml|json] [-n NAMESPACE | -A]
 *
 * Exit 0 on success, 1 when the input is invalid (errors on stderr), 2 on bad usage.
 * The other commands (iptables-save, ipvsadm, nft, env, dig, kubectl, curl) arrive with the
 * issues that build their stages.
 */
import { readFileSync } from 'node:fs'
import {
  kubectlGet,
  programIpvs,
  SCHEDULER_NAMES,
  renderIpvsadm,
  rulesTextFor,
  resolveGetKind,
  simulate,
} from '../engine'
import type { Simulation } from '../engine'
import { runCurl } from './curlCommand'

const USAGE = `Usage: svcsim COMMAND [flags]

Commands:
  validate              print each invalid object's errors as kubectl apply prints them
  get KIND              kubectl's listing of services, endpoints, endpointslices, pods or nodes
  iptables-save         the rules kube-proxy writes on the node in the proxy mode (iptables:
                        its filter and nat tables)
  ipvsadm               ipvsadm -Ln for the node in IPVS mode
  curl URL              requests through the node's rules: one line each, the Pod or curl's error

Flags:
  -f FILE               a manifest file (YAML or JSON, several documents); repeatable; - is stdin
  --seed N              the seed for every random choice (default 1)
  --node NAME           whose view (default: the first node)
  --mode MODE           the proxy mode: iptables (default), ipvs or userspace (nftables later)
  --scheduler NAME      ipvsadm: the IPVS scheduler (default: the KubeProxyConfiguration's, else rr)
  -o wide|yaml|json     get: the output format
  -n NAMESPACE          get: the namespace to list (default "default")
  -A                    get: list every namespace
  --from POD            curl: the client Pod (ns/name)
  --from-node NODE      curl: the client is a node
  --from-ip IP          curl: a client with that address (a Pod on --node, or a host outside)
  -n N                  curl: how many requests (default 1); with get, the namespace
  --keepalive           curl: all requests on one connection
  --trace               curl: every hop of every request
  --json                curl: the requests as JSON
`

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

interface Flags {
  files: string[]
  seed: number
  output: '' | 'wide' | 'yaml' | 'json'
  namespace: string
  allNamespaces: boolean
  node: string | null
  mode: 'iptables' | 'ipvs' | 'userspace' | null
  scheduler: string | null
  from: { pod: string } | { node: string } | { ip: string } | null
  count: string | null
  keepAlive: boolean
  trace: boolean
  json: boolean
  args: string[]
}

function parseFlags(argv: readonly string[]): Flags | string {
  const flags: Flags = {
    files: [],
    seed: 1,
    output: '',
    namespace: 'default',
    allNamespaces: false,
    node: null,
    mode: null,
    scheduler: null,
    from: null,
    count: null,
    keepAlive: false,
    trace: false,
    json: false,
    args: [],
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? ''
    const [name, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined]
    const takeValue = (): string | null => {
      if (inline !== undefined) return inline
      const value = argv[i + 1]
      if (value === undefined) return null
      i++
      return value
    }
    switch (name) {
      case '-f':
      case '--filename': {
        const value = takeValue()
        if (value === null) return `flag needs an argument: ${arg}`
        flags.files.push(value)
        break
      }
      case '--seed': {
        const value = takeValue()
        if (value === null || !/^-?\d+$/.test(value))
          return `invalid argument "${value ?? ''}" for "--seed" flag`
        flags.seed = Number(value)
        break
      }
      case '-o':
      case '--output': {
        const value = takeValue()
        if (value !== 'wide' && value !== 'yaml' && value !== 'json') {
          return `unable to match a printer suitable for the output format "${value ?? ''}", allowed formats are: json,wide,yaml`
        }
        flags.output = value
        break
      }
      case '-n':
      case '--namespace': {
        // kubectl's -n is the namespace; DESIGN.md's `curl -n N` is a count (curl has no -n).
        const value = takeValue()
        if (value === null) return `flag needs an argument: ${arg}`
        flags.namespace = value
        flags.count = value
        break
      }
      case '--from':
      case '--from-node':
      case '--from-ip': {
        const value = takeValue()
        if (value === null) return `flag needs an argument: ${arg}`
        flags.from =
          name === '--from'
            ? { pod: value }
            : name === '--from-node'
              ? { node: value }
              : { ip: value }
        break
      }
      case '--keepalive':
        flags.keepAlive = true
        break
      case '--trace':
        flags.trace = true
        break
      case '--json':
        flags.json = true
        break
      case '--node': {
        const value = takeValue()
        if (value === null) return `flag needs an argument: ${arg}`
        flags.node = value
        break
      }
      case '--scheduler': {
        const value = takeValue()
        if (value === null || !IPVS_SCHEDULERS.includes(value)) {
          return `invalid argument "${value ?? ''}" for "--scheduler" flag: one of ${IPVS_SCHEDULERS.join(', ')}`
        }
        flags.scheduler = value
        break
      }
      case '--mode': {
        const value = takeValue()
        if (value !== 'iptables' && value !== 'ipvs' && value !== 'userspace') {
          return `invalid argument "${value ?? ''}" for "--mode" flag: iptables, ipvs or userspace (nftables arrives later)`
        }
        flags.mode = value
        break
      }
      case '-A':
      case '--all-namespaces':
        flags.allNamespaces = true
        break
      default:
        if (arg.startsWith('-') && arg !== '-') return `unknown flag: ${arg}`
        flags.args.push(arg)
    }
  }
  if (flags.files.length === 0) return 'must specify one of -f'
  return flags
}

/** The kernel's IPVS schedulers (net/netfilter/ipvs/ip_vs_*.c). */
const IPVS_SCHEDULERS: readonly string[] = SCHEDULER_NAMES

/** Kinds the simulated cluster has but `get` does not list (kubectl's names and short names). */
const NOT_LISTED: ReadonlySet<string> = new Set(
  ['deployment', 'replicaset', 'statefulset', 'daemonset', 'namespace']
    .flatMap((k) => [k, `${k}s`])
    .concat(['deploy', 'rs', 'sts', 'ds', 'ns']),
)

function usageError(message: string): CliResult {
  return { code: 2, stdout: '', stderr: `error: ${message}\n\n${USAGE}` }
}

export function runSvcsim(argv: readonly string[], readFile: (path: string) => string): CliResult {
  const [command, ...rest] = argv
  if (command === undefined) return { code: 2, stdout: '', stderr: USAGE }
  if (command === '-h' || command === '--help' || command === 'help') {
    return { code: 0, stdout: USAGE, stderr: '' }
  }
  if (!['validate', 'get', 'iptables-save', 'ipvsadm', 'curl'].includes(command)) {
    return usageError(`unknown command "${command}" for "svcsim"`)
  }
  const flags = parseFlags(rest)
  if (typeof flags === 'string') return usageError(flags)

  const inputs: { file: string; text: string }[] = []
  for (const file of flags.files) {
    try {
      inputs.push({ file, text: readFile(file) })
    } catch {
      return { code: 1, stdout: '', stderr: `error: the path "${file}" does not exist\n` }
    }
  }

  if (command === 'validate') {
    if (flags.args.length > 0) return usageError(`unexpected argument "${flags.args[0]}"`)
    const lines = inputs.flatMap(({ file, text }) =>
      problemsOf(simulate(text, { seed: flags.seed }), file),
    )
    return lines.length === 0
      ? { code: 0, stdout: '', stderr: '' }
      : { code: 1, stdout: '', stderr: lines.join('\n') + '\n' }
  }

  // All files are applied into one cluster, in order, as `kubectl apply -f a -f b` does.
  const simulation = simulate(inputs.map((i) => i.text).join('\n---\n'), {
    seed: flags.seed,
    ...(flags.mode !== null ? { proxyMode: flags.mode } : {}),
    ...(flags.scheduler !== null ? { scheduler: flags.scheduler } : {}),
  })
  if (command === 'iptables-save') {
    if (flags.args.length > 0) return usageError(`unexpected argument "${flags.args[0]}"`)
    const nodeName = flags.node ?? simulation.cluster.nodes[0]?.name ?? ''
    if (!simulation.cluster.nodes.some((n) => n.name === nodeName)) {
      return { code: 1, stdout: '', stderr: `error: no node named "${nodeName}"\n` }
    }
    return { code: 0, stdout: rulesTextFor(simulation, nodeName), stderr: '' }
  }

  if (command === 'ipvsadm') {
    if (flags.args.length > 0) return usageError(`unexpected argument "${flags.args[0]}"`)
    const settings = simulation.cluster.settings
    const node = simulation.cluster.nodes.find(
      (n) => n.name === (flags.node ?? simulation.cluster.nodes[0]?.name),
    )
    if (!node)
      return { code: 1, stdout: '', stderr: `error: no node named "${flags.node ?? ''}"\n` }
    const ipvs = programIpvs(simulation.cluster, node, {
      scheduler: flags.scheduler ?? settings.ipvsScheduler,
      masqueradeAll: settings.masqueradeAll,
      clusterCIDR: settings.clusterCIDR,
      strictARP: settings.ipvsStrictARP,
      nodePortAddresses: settings.nodePortAddresses,
      masqueradeBit: settings.masqueradeBit,
    })
    return { code: 0, stdout: renderIpvsadm(ipvs), stderr: '' }
  }

  if (command === 'curl') {
    const [url, ...extra] = flags.args
    if (url === undefined) return usageError('curl needs a URL')
    if (extra.length > 0) return usageError(`unexpected argument "${extra[0]}"`)
    if (flags.from === null) return usageError('curl needs one of --from, --from-node, --from-ip')
    const count = flags.count === null ? 1 : Number(flags.count)
    if (!Number.isInteger(count) || count < 1 || count > 100_000) {
      return usageError(
        `invalid argument "${flags.count ?? ''}" for "-n" flag: a count from 1 to 100000`,
      )
    }
    return runCurl(simulation, {
      url,
      from: flags.from,
      count,
      keepAlive: flags.keepAlive,
      trace: flags.trace,
      json: flags.json,
      node: flags.node ?? '',
      seed: flags.seed,
    })
  }

  const [kindArg, ...extra] = flags.args
  if (kindArg === undefined) return usageError('you must specify the type of resource to get')
  if (extra.length > 0) return usageError(`unexpected argument "${extra[0]}"`)
  const kind = resolveGetKind(kindArg)
  if (kind === null) {
    const stderr = NOT_LISTED.has(kindArg.toLowerCase())
      ? `error: svcsim get lists services, endpoints, endpointslices, pods and nodes; "${kindArg}" is simulated but not listed\n`
      : `error: the server doesn't have a resource type "${kindArg}"\n`
    return { code: 1, stdout: '', stderr }
  }
  const result = kubectlGet(simulation.cluster, kind, {
    output: flags.output,
    namespace: flags.namespace,
    allNamespaces: flags.allNamespaces,
  })
  return { code: 0, stdout: result.stdout, stderr: result.stderr }
}

/** kubectl's words for each problem: one object alone prints its message as is. */
function problemsOf(simulation: Simulation, file: string): string[] {
  const lines: string[] = []
  for (const d of simulation.diagnostics) {
    if (d.code === 'yaml-syntax') lines.push(`error: error parsing ${file}: ${d.message}`)
    else if (d.code === 'missing-kind') lines.push(`error: ${d.message}`)
    else if (d.code === 'unknown-api-version')
      lines.push(`error: ${d.message.replace('"STDIN"', `"${file}"`)}`)
    else if (d.code === 'invalid-config' && d.severity === 'error')
      lines.push(`error: ${d.message}`)
  }
  // kubectl rebuilds a lone 422 from its causes; otherwise it prints the server's message.
  const lone = simulation.rejected.length === 1
  for (const rejected of simulation.rejected) {
    lines.push(
      lone && rejected.reason === 'Invalid'
        ? rejected.kubectlMessage
        : `Error from server (${rejected.reason}): error when creating "${file}": ${rejected.serverMessage}`,
    )
  }
  return lines
}

const isMain = process.argv[1]?.endsWith('svcsim.ts') ?? false
if (isMain) {
  const result = runSvcsim(process.argv.slice(2), (path) =>
    readFileSync(path === '-' ? 0 : path, 'utf8'),
  )
  process.stdout.write(result.stdout)
  process.stderr.write(result.stderr)
  process.exitCode = result.code
}
