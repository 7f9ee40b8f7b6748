import { describe, expect, it } from 'vitest'
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidCIDRForLegacyField,
  isValidIPForLegacyField,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  nonSpecialIPMessages,
  parseIPSloppy,
} from './k8sNames'

// Texts from discovery.md §6.4 "Message building blocks" and apimachinery validation_test.go.
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
const DNS1123_LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
const DNS1123_SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"

describe('DNS names (apimachinery TestIsDNS1035Label / TestIsDNS1123Label / TestIsDNS1123Subdomain)', () => {
  it('DNS-1035 label, with the two spaces before "or"', () => {
    expect(isDNS1035Label('my-name')).toEqual([])
    expect(isDNS1035Label('1web')).toEqual([DNS1035])
    expect(isDNS1035Label('a'.repeat(64))).toEqual(['must be no more than 63 characters'])
    expect(isDNS1035Label('A'.repeat(64))).toEqual(['must be no more than 63 characters', DNS1035])
  })
  it('generateName prefixes may end in a dash', () => {
    expect(nameIsDNS1035Label('web-', true)).toEqual([])
    expect(nameIsDNS1035Label('web-', false)).toEqual([DNS1035])
  })
  it('DNS-1123 label: dots get their own message', () => {
    expect(isDNS1123Label('123-abc')).toEqual([])
    expect(isDNS1123Label('my.port')).toEqual(['must not contain dots'])
    expect(isDNS1123Label('HTTP')).toEqual([DNS1123_LABEL])
  })
  it('DNS-1123 subdomain', () => {
    expect(isDNS1123Subdomain('db.example.com')).toEqual([])
    expect(isDNS1123Subdomain('-123')).toEqual([DNS1123_SUBDOMAIN])
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters'])
  })
})

describe('labels (content.IsLabelKey / IsLabelValue, >=1.35 "bytes")', () => {
  it('key with a bad name part', () => {
    expect(isQualifiedName('app name')).toEqual([
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ])
  })
  it('key prefix rules', () => {
    expect(isQualifiedName('example.com/app')).toEqual([])
    expect(isQualifiedName('/app')).toEqual(['prefix part must be non-empty'])
    expect(isQualifiedName('Example.com/app')).toEqual([`prefix part ${DNS1123_SUBDOMAIN}`])
    expect(isQualifiedName('example.com/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ])
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 bytes'])
  })
  it('value', () => {
    expect(isValidLabelValue('')).toEqual([])
    expect(isValidLabelValue('my app')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ])
    expect(isValidLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 bytes'])
  })
})

describe('ports (IsValidPortNum, IsValidPortName: TestIsValidPortName)', () => {
  it('numbers', () => {
    expect(isValidPortNum(1)).toEqual([])
    expect(isValidPortNum(65536)).toEqual(['must be between 1 and 65535, inclusive'])
  })
  it('IANA names: one message per failing rule', () => {
    expect(isValidPortName('http')).toEqual([])
    expect(isValidPortName('8080')).toEqual(['must contain at least one letter (a-z)'])
    expect(isValidPortName('-a--b-')).toEqual([
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ])
    expect(isValidPortName('very-long-port-name')).toEqual(['must be no more than 15 characters'])
    expect(isValidPortName('Http_')).toEqual([
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ])
  })
})

describe('IP addresses (ip.go, ValidateNonSpecialIP)', () => {
  it('sloppy parsing accepts leading zeros unless strict', () => {
    expect(isValidIPForLegacyField('010.096.000.001')).toEqual([])
    expect(isValidIPForLegacyField('010.096.000.001', true)).toEqual(['must not have leading 0s'])
    expect(isValidIPForLegacyField('::ffff:1.2.3.4', true)).toEqual([
      'must not be an IPv4-mapped IPv6 address',
    ])
    expect(isValidIPForLegacyField('1.2.3')).toEqual([
      'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ])
    expect(isValidIPForLegacyField('2001:db8::1')).toEqual([])
    expect(isValidIPForLegacyField('1::2::3')).toEqual([
      'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ])
  })
  it('parses IPv6 with an embedded IPv4 tail', () => {
    expect(parseIPSloppy('::ffff:10.1.2.3')?.bytes).toEqual([
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 1, 2, 3,
    ])
  })
  it('special ranges, IPv4 and IPv6', () => {
    expect(nonSpecialIPMessages('10.0.0.1')).toEqual([])
    expect(nonSpecialIPMessages('::')).toEqual(['may not be unspecified (::)'])
    expect(nonSpecialIPMessages('::1')).toEqual([
      'may not be in the loopback range (127.0.0.0/8, ::1/128)',
    ])
    expect(nonSpecialIPMessages('fe80::1')).toEqual([
      'may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    ])
    expect(nonSpecialIPMessages('ff02::1')).toEqual([
      'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    ])
  })
  it('CIDRs', () => {
    expect(isValidCIDRForLegacyField('10.0.0.0/8')).toEqual([])
    expect(isValidCIDRForLegacyField('10.0.0.1/8')).toEqual([])
    expect(isValidCIDRForLegacyField('10.0.0.1/8', true)).toEqual([
      'must not have bits set beyond the prefix length',
    ])
    expect(isValidCIDRForLegacyField('10.0.0.0')).toEqual([
      'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ])
  })
})
