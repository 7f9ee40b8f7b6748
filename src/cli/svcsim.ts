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
import { kubectlGet, resolveGetKind, simulate } from '../engine'
import type { Simulation } from '../engine'

const USAGE = `Usage: svcsim COMMAND [flags]

Commands:
  validate              print each invalid object's errors as kubectl apply prints them
  get KIND              kubectl's listing of services, endpoints, endpointslices, pods or nodes

Flags:
  -f FILE               a manifest file (YAML or JSON, several documents); repeatable; - is stdin
  --seed N              the seed for every random choice (default 1)
  -o wide|yaml|json     get: the output format
  -n NAMESPACE          get: the namespace to list (default "default")
  -A                    get: list every namespace
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
  args: string[]
}

function parseFlags(argv: readonly string[]): Flags | string {
  const flags: Flags = {
    files: [],
    seed: 1,
    output: '',
    namespace: 'default',
    allNamespaces: false,
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
        const value = takeValue()
        if (value === null) return `flag needs an argument: ${arg}`
        flags.namespace = value
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
  if (command !== 'validate' && command !== 'get') {
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
  // All files are applied into one cluster, in order, as `kubectl apply -f a -f b` does.
  const simulation = simulate(inputs.map((i) => i.text).join('\n---\n'), { seed: flags.seed })
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
