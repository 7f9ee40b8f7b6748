/**
 * svcsim: the engine in a terminal (DESIGN.md §5).
 *
 *   npm run --silent svcsim -- validate -f FILE [-f FILE ...]
 *
 * Exit 0 on success, 1 when the input is invalid (errors on stderr), 2 on bad usage.
 * The other commands (get, iptables-save, ipvsadm, nft, env, dig, kubectl, curl) arrive with
 * the issues that build their stages.
 */
import { readFileSync } from 'node:fs'
import { DEFAULT_SETTINGS, simulate } from '../engine'
import type { Simulation } from '../engine'

const USAGE = `Usage: svcsim COMMAND [flags]

Commands:
  validate    print each invalid object's errors as kubectl apply prints them

Flags:
  -f FILE     a manifest file (YAML or JSON, several documents); repeatable; - is stdin
  --seed N    the seed for every random choice (default 1)
`

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

interface Flags {
  files: string[]
  seed: number
}

function parseFlags(args: readonly string[]): Flags | string {
  const flags: Flags = { files: [], seed: DEFAULT_SETTINGS.seed }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    const value = args[i + 1]
    if (arg === '-f' || arg === '--filename') {
      if (value === undefined) return `flag needs an argument: ${arg}`
      flags.files.push(value)
      i++
    } else if (arg === '--seed') {
      if (value === undefined || !/^-?\d+$/.test(value))
        return `invalid argument "${value ?? ''}" for "--seed" flag`
      flags.seed = Number(value)
      i++
    } else {
      return `unknown flag: ${arg}`
    }
  }
  if (flags.files.length === 0) return 'must specify one of -f'
  return flags
}

export function runSvcsim(argv: readonly string[], readFile: (path: string) => string): CliResult {
  const [command, ...rest] = argv
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    return {
      code: command === undefined ? 2 : 0,
      stdout: command === undefined ? '' : USAGE,
      stderr: command === undefined ? USAGE : '',
    }
  }
  if (command !== 'validate') {
    return {
      code: 2,
      stdout: '',
      stderr: `error: unknown command "${command}" for "svcsim"\n\n${USAGE}`,
    }
  }
  const flags = parseFlags(rest)
  if (typeof flags === 'string')
    return { code: 2, stdout: '', stderr: `error: ${flags}\n\n${USAGE}` }

  const lines: string[] = []
  for (const file of flags.files) {
    let text: string
    try {
      text = readFile(file)
    } catch {
      return { code: 1, stdout: '', stderr: `error: the path "${file}" does not exist\n` }
    }
    lines.push(...validateText(text, file, flags.seed))
  }
  return lines.length === 0
    ? { code: 0, stdout: '', stderr: '' }
    : { code: 1, stdout: '', stderr: lines.join('\n') + '\n' }
}

/** kubectl's words for each problem: one object alone prints its message as is. */
function validateText(text: string, file: string, seed: number): string[] {
  const simulation: Simulation = simulate(text, {
    ...DEFAULT_SETTINGS,
    seed,
    proxyMode: 'iptables',
    masqueradeAll: false,
  })
  const lines: string[] = []
  for (const d of simulation.diagnostics) {
    if (d.code === 'yaml-syntax') lines.push(`error: error parsing ${file}: ${d.message}`)
    else if (d.code === 'missing-kind') lines.push(`error: ${d.message}`)
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
