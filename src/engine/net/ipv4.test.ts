import { describe, expect, it } from 'vitest'
import { cidrContains, formatCidr, formatIPv4, parseCidr, parseIPv4, subnetAt } from './ipv4'

describe('ipv4', () => {
  it('round-trips addresses', () => {
    expect(formatIPv4(parseIPv4('10.96.0.10')!)).toBe('10.96.0.10')
    expect(formatIPv4(parseIPv4('255.255.255.255')!)).toBe('255.255.255.255')
  })

  it('rejects leading zeros and out-of-range octets, as strict apiserver parsing does', () => {
    expect(parseIPv4('10.096.0.1')).toBeNull()
    expect(parseIPv4('10.0.0.256')).toBeNull()
    expect(parseIPv4('garbage')).toBeNull()
  })

  it('reads kubeadm\u2019s service subnet 10.96.0.0/12 as 10.96.0.0-10.111.255.255', () => {
    const cidr = parseCidr('10.96.0.0/12')!
    expect(cidr.size).toBe(1 << 20)
    expect(cidrContains(cidr, parseIPv4('10.111.255.255')!)).toBe(true)
    expect(cidrContains(cidr, parseIPv4('10.112.0.0')!)).toBe(false)
  })

  it('splits the pod subnet into per-node /24 blocks', () => {
    const pods = parseCidr('10.244.0.0/16')!
    expect(formatCidr(subnetAt(pods, 24, 0)!)).toBe('10.244.0.0/24')
    expect(formatCidr(subnetAt(pods, 24, 2)!)).toBe('10.244.2.0/24')
    expect(subnetAt(pods, 24, 256)).toBeNull()
  })
})
