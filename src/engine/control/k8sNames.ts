// Mirrors kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go
// (IsDNS1035Label, IsDNS1123Label, IsDNS1123Subdomain, IsValidPortNum, IsValidPortName, RegexError),
// staging/src/k8s.io/apimachinery/pkg/api/validate/content/kube.go (IsLabelKey, IsLabelValue),
// staging/src/k8s.io/apimachinery/pkg/util/validation/ip.go (IsValidIP/IsValidCIDR, legacy and strict)
// and k8s.io/utils/net ParseIPSloppy / ParseCIDRSloppy. Each validator returns apimachinery's list of
// message strings, character for character.

// Go's len() counts UTF-8 bytes, not UTF-16 units.
function byteLen(s: string): number {
  let n = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return n
}

/** validation.RegexError: the examples are joined with " or " after a trailing ", ", hence the famous two spaces. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`
  let out = msg + ' (e.g. '
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or '
    out += `'${ex}', `
  })
  return out + `regex used for validation is '${fmt}')`
}

/** util/validation.MaxLenError (DNS names): counted in characters in its wording. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`
}

/** content.MaxLenError (label keys and values, >=1.35): "bytes". Older servers said "characters". */
export function maxLenBytesError(length: number): string {
  return `must be no more than ${length} bytes`
}

export function emptyError(): string {
  return 'must be non-empty'
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?'
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`)
const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`)
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character"
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?'
const DNS1035_LABEL_RE = new RegExp(`^${DNS1035_LABEL_FMT}$`)
const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character"

export const DNS1123_LABEL_MAX_LENGTH = 63
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253
export const DNS1035_LABEL_MAX_LENGTH = 63

export function isDNS1123Label(value: string): string[] {
  const errs: string[] = []
  if (byteLen(value) > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH))
  if (!DNS1123_LABEL_RE.test(value)) {
    // A valid subdomain that is not a valid label (length already checked) can only have dots.
    if (DNS1123_SUBDOMAIN_RE.test(value)) errs.push('must not contain dots')
    else errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'))
  }
  return errs
}

export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = []
  if (byteLen(value) > DNS1123_SUBDOMAIN_MAX_LENGTH)
    errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH))
  if (!DNS1123_SUBDOMAIN_RE.test(value))
    errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'))
  return errs
}

// The content package's twin, used for label-key prefixes: same text but "bytes" for the length.
function isDNS1123SubdomainContent(value: string): string[] {
  const errs: string[] = []
  if (byteLen(value) > DNS1123_SUBDOMAIN_MAX_LENGTH)
    errs.push(maxLenBytesError(DNS1123_SUBDOMAIN_MAX_LENGTH))
  if (!DNS1123_SUBDOMAIN_RE.test(value))
    errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'))
  return errs
}

export function isDNS1035Label(value: string): string[] {
  const errs: string[] = []
  if (byteLen(value) > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH))
  if (!DNS1035_LABEL_RE.test(value))
    errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'))
  return errs
}

/**
 * apimachinery's NameIs* helpers: with prefix=true (generateName) a trailing '-' is allowed, done
 * by masking it as 'a' before validating.
 */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? name.slice(0, -1) + 'a' : name
}

export function nameIsDNS1035Label(name: string, prefix: boolean): string[] {
  return isDNS1035Label(prefix ? maskTrailingDash(name) : name)
}

export function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  return isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name)
}

export function nameIsDNSLabel(name: string, prefix: boolean): string[] {
  return isDNS1123Label(prefix ? maskTrailingDash(name) : name)
}

const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'
const LABEL_KEY_RE = new RegExp(`^${LABEL_KEY_FMT}$`)
const LABEL_KEY_MSG =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const LABEL_KEY_MAX_LENGTH = 63

/** content.IsLabelKey, also known as IsQualifiedName: an optional DNS-subdomain prefix, '/', and a name. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = []
  const parts = value.split('/')
  let name: string
  if (parts.length === 1) {
    name = parts[0] ?? ''
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? ''
    name = parts[1] ?? ''
    if (prefix.length === 0) errs.push('prefix part ' + emptyError())
    else for (const m of isDNS1123SubdomainContent(prefix)) errs.push('prefix part ' + m)
  } else {
    errs.push(
      'a valid label key ' +
        regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    )
    return errs
  }
  if (name.length === 0) errs.push('name part ' + emptyError())
  else if (byteLen(name) > LABEL_KEY_MAX_LENGTH)
    errs.push('name part ' + maxLenBytesError(LABEL_KEY_MAX_LENGTH))
  if (!LABEL_KEY_RE.test(name))
    errs.push(
      'name part ' + regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc'),
    )
  return errs
}

const LABEL_VALUE_FMT = `(${LABEL_KEY_FMT})?`
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`)
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character"
const LABEL_VALUE_MAX_LENGTH = 63

export function isValidLabelValue(value: string): string[] {
  const errs: string[] = []
  if (byteLen(value) > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenBytesError(LABEL_VALUE_MAX_LENGTH))
  if (!LABEL_VALUE_RE.test(value))
    errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'))
  return errs
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)]
}

/** IsValidPortName (IANA_SVC_NAME): every failing rule adds its own message. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = []
  if (byteLen(port) > 15) errs.push(maxLenError(15))
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)')
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)')
  if (port.includes('--')) errs.push('must not contain consecutive hyphens')
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-')))
    errs.push('must not begin or end with a hyphen')
  return errs
}

// ---------------------------------------------------------------------------------------------
// IP addresses

/** A parsed address: 4 bytes for IPv4 text, 16 for IPv6 text (IPv4-mapped stays 16 and is flagged). */
export interface ParsedIP {
  bytes: number[]
  /** Written as dotted IPv4. */
  v4: boolean
  /** Some IPv4 octet had a leading 0 (accepted by the sloppy parser, rejected by netip). */
  leadingZeros: boolean
}

// ParseIPSloppy is the go1.16 parser: decimal octets, any number of leading zeros.
function parseIPv4Sloppy(s: string): { bytes: number[]; leadingZeros: boolean } | null {
  const parts = s.split('.')
  if (parts.length !== 4) return null
  const bytes: number[] = []
  let leadingZeros = false
  for (const p of parts) {
    if (!/^[0-9]+$/.test(p)) return null
    const trimmed = p.replace(/^0+(?=[0-9])/, '')
    if (trimmed.length > 3) return null
    const n = Number(trimmed)
    if (n > 255) return null
    if (p.length > 1 && p.startsWith('0')) leadingZeros = true
    bytes.push(n)
  }
  return { bytes, leadingZeros }
}

function parseIPv6Sloppy(s: string): { bytes: number[]; leadingZeros: boolean } | null {
  if (s.includes('%')) return null // zones are not IPs for the API
  let leadingZeros = false
  let tail4: number[] | null = null
  let text = s
  const lastColon = text.lastIndexOf(':')
  if (lastColon >= 0 && text.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4Sloppy(text.slice(lastColon + 1))
    if (v4 === null) return null
    leadingZeros = v4.leadingZeros
    tail4 = v4.bytes
    text = text.slice(0, lastColon + 1) + '0:0' // placeholder groups, replaced below
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const parseGroups = (h: string): number[] | null => {
    if (h === '') return []
    const out: number[] = []
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null
      out.push(parseInt(g, 16))
    }
    return out
  }
  const head = parseGroups(halves[0] ?? '')
  const rest = halves.length === 2 ? parseGroups(halves[1] ?? '') : []
  if (head === null || rest === null) return null
  let groups: number[]
  if (halves.length === 2) {
    const fill = 8 - head.length - rest.length
    if (fill < 1) return null
    groups = [...head, ...new Array<number>(fill).fill(0), ...rest]
  } else {
    if (head.length !== 8) return null
    groups = head
  }
  const bytes: number[] = []
  for (const g of groups) bytes.push(g >> 8, g & 0xff)
  if (tail4 !== null) bytes.splice(12, 4, ...tail4)
  return { bytes, leadingZeros }
}

/** netutils.ParseIPSloppy; null when the text is not an IP at all. */
export function parseIPSloppy(s: string): ParsedIP | null {
  if (s.includes(':')) {
    const r = parseIPv6Sloppy(s)
    return r === null ? null : { bytes: r.bytes, v4: false, leadingZeros: r.leadingZeros }
  }
  const r = parseIPv4Sloppy(s)
  return r === null ? null : { bytes: r.bytes, v4: true, leadingZeros: r.leadingZeros }
}

function isV4Mapped(b: readonly number[]): boolean {
  return b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff
}

/** Go's net.IP.To4: the 4-byte form for IPv4 and IPv4-mapped IPv6, else null. */
function to4(ip: ParsedIP): number[] | null {
  if (ip.bytes.length === 4) return ip.bytes
  if (isV4Mapped(ip.bytes)) return ip.bytes.slice(12)
  return null
}

export function isIPv6String(s: string): boolean {
  const ip = parseIPSloppy(s)
  return ip !== null && to4(ip) === null
}

export const INVALID_IP_MSG = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'

/**
 * IsValidIPForLegacyField (clusterIPs, externalIPs, endpoint ips). With `strict` (the
 * StrictIPCIDRValidation gate) leading zeros and IPv4-mapped IPv6 are rejected too.
 */
export function isValidIPForLegacyField(value: string, strict = false): string[] {
  const ip = parseIPSloppy(value)
  if (ip === null) return [INVALID_IP_MSG]
  const errs: string[] = []
  if (strict) {
    if (ip.leadingZeros) errs.push('must not have leading 0s')
    if (!ip.v4 && isV4Mapped(ip.bytes)) errs.push('must not be an IPv4-mapped IPv6 address')
  }
  return errs
}

/** ValidateNonSpecialIP's messages (pkg/apis/core/validation), for an address that already parsed. */
export function nonSpecialIPMessages(value: string): string[] {
  const ip = parseIPSloppy(value)
  if (ip === null) return ['must be a valid IP address']
  const errs: string[] = []
  const v4 = to4(ip)
  const b = ip.bytes
  const unspecified = v4 !== null ? v4.every((x) => x === 0) : b.every((x) => x === 0)
  const loopback = v4 !== null ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1
  const linkLocalUnicast =
    v4 !== null ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && ((b[1] ?? 0) & 0xc0) === 0x80
  const linkLocalMulticast =
    v4 !== null
      ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
      : b[0] === 0xff && ((b[1] ?? 0) & 0x0f) === 0x02
  if (unspecified) errs.push(`may not be unspecified (${value})`)
  if (loopback) errs.push('may not be in the loopback range (127.0.0.0/8, ::1/128)')
  if (linkLocalUnicast) errs.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)')
  if (linkLocalMulticast)
    errs.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)')
  return errs
}

export const INVALID_CIDR_MSG = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'

/** IsValidCIDRForLegacyField (loadBalancerSourceRanges). */
export function isValidCIDRForLegacyField(value: string, strict = false): string[] {
  const slash = value.indexOf('/')
  if (slash < 0) return [INVALID_CIDR_MSG]
  const ipText = value.slice(0, slash)
  const lenText = value.slice(slash + 1)
  const ip = parseIPSloppy(ipText)
  if (ip === null || !/^[0-9]+$/.test(lenText)) return [INVALID_CIDR_MSG]
  const bits = ip.bytes.length * 8
  const prefixLen = Number(lenText)
  if (lenText.replace(/^0+(?=[0-9])/, '').length > 3 || prefixLen > bits) return [INVALID_CIDR_MSG]
  if (!strict) return []
  if (ip.leadingZeros || (lenText.length > 1 && lenText.startsWith('0')))
    return ['must not have leading 0s in IP or prefix length']
  if (!ip.v4 && isV4Mapped(ip.bytes)) return ['must not have an IPv4-mapped IPv6 address']
  for (let bit = prefixLen; bit < bits; bit++) {
    const byte = ip.bytes[bit >> 3] ?? 0
    if ((byte >> (7 - (bit & 7))) & 1) return ['must not have bits set beyond the prefix length']
  }
  return []
}
