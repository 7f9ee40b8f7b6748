import { describe, expect, it } from 'vitest'
import {
  addDest,
  connectionClosed,
  connectionExpired,
  connectionOpened,
  createVirtualService,
  removeDest,
  schedule,
  setWeight,
} from './index'
import { packet, scriptedRng } from './testHelpers'

const A = '10.0.0.1:80'
const B = '10.0.0.2:80'
const rng = scriptedRng([])

describe('persistence (ip_vs_core.c ip_vs_sched_persist, ip_vs_conn.c ip_vs_check_template)', () => {
  it('a template per client IP bypasses the scheduler (the rr cursor does not move) and is refreshed', () => {
    const vs = createVirtualService('rr', [A, B], { persistence: { timeoutSeconds: 10800 } })
    const first = schedule(vs, packet('192.168.0.7', 1111), 0, rng)
    expect(first.dest?.address).toBe(B)
    expect(first.explanation).toContain('no persistence template for 192.168.0.7')
    expect(first.explanation).toContain('new template expires at 10800s')
    expect(first.dest?.persistConns).toBe(1)
    const hit = schedule(vs, packet('192.168.0.7', 2222), 5000, rng)
    expect(hit.dest?.address).toBe(B)
    expect(hit.explanation).toBe(
      'persistence: template for client 192.168.0.7 -> 10.0.0.2:80 hit, scheduler not consulted; template now expires at 15800s',
    )
    // Another client runs the scheduler; the cursor is still on B, so it gets A.
    expect(schedule(vs, packet('192.168.0.8'), 5000, rng).dest?.address).toBe(A)
  })

  it('expires `timeout` after the last new connection', () => {
    const vs = createVirtualService('rr', [A, B], { persistence: { timeoutSeconds: 100 } })
    expect(schedule(vs, packet('192.168.0.7'), 0, rng).dest?.address).toBe(B)
    expect(schedule(vs, packet('192.168.0.7'), 99, rng).dest?.address).toBe(B)
    const after = schedule(vs, packet('192.168.0.7'), 199, rng)
    expect(after.explanation).toContain('persistence template for 192.168.0.7 expired at 199s')
    expect(after.dest?.address).toBe(A)
    expect(vs.dests.find((d) => d.address === B)?.persistConns).toBe(0)
  })

  it('weight 0 (terminating endpoint) breaks affinity at once with expire_quiescent_template', () => {
    const vs = createVirtualService('rr', [A, B], { persistence: { timeoutSeconds: 10800 } })
    expect(schedule(vs, packet('192.168.0.7'), 0, rng).dest?.address).toBe(B)
    setWeight(vs, B, 0)
    const p = schedule(vs, packet('192.168.0.7'), 1, rng)
    expect(p.dest?.address).toBe(A)
    expect(p.explanation).toContain('invalidated (weight 0 with expire_quiescent_template)')
  })

  it('removing the template dest also invalidates it', () => {
    const vs = createVirtualService('rr', [A, B], { persistence: { timeoutSeconds: 10800 } })
    expect(schedule(vs, packet('192.168.0.7'), 0, rng).dest?.address).toBe(B)
    removeDest(vs, B)
    expect(schedule(vs, packet('192.168.0.7'), 1, rng).explanation).toContain('real server removed')
  })
})

describe('counters and the dest trash (ip_vs_ctl.c, ip_vs_proto_tcp.c, ip_vs_proto_sctp.c)', () => {
  it('TCP is active from the SYN, inactive after FIN; UDP is inactive; SCTP active once established', () => {
    const vs = createVirtualService('lc', [A])
    const d = vs.dests[0]
    if (d === undefined) throw new Error('no dest')
    connectionOpened(vs, d, 'TCP')
    expect([d.activeConns, d.inactConns]).toEqual([1, 0])
    connectionClosed(vs, d, 'TCP')
    expect([d.activeConns, d.inactConns]).toEqual([0, 1])
    connectionOpened(vs, d, 'UDP')
    connectionClosed(vs, d, 'UDP')
    expect([d.activeConns, d.inactConns]).toEqual([0, 2])
    connectionOpened(vs, d, 'SCTP')
    expect([d.activeConns, d.inactConns]).toEqual([0, 3])
    connectionExpired(vs, d)
    connectionExpired(vs, d)
    expect([d.activeConns, d.inactConns]).toEqual([0, 1])
    expect(d.conns).toBe(3)
  })

  it('re-adding a trashed dest restores its counters and puts it at the head', () => {
    const vs = createVirtualService('rr', [A, B])
    const a = vs.dests.find((d) => d.address === A)
    if (a === undefined) throw new Error('no A')
    connectionOpened(vs, a, 'TCP')
    removeDest(vs, A)
    expect(vs.trash).toContain(a)
    expect(addDest(vs, A)).toContain('restored from the trash with its counters')
    expect(vs.dests[0]).toBe(a)
    expect(a.activeConns).toBe(1)
    // A dest with no connections left is dropped from the trash: a fresh object next time.
    removeDest(vs, B)
    expect(vs.trash.map((d) => d.address)).toEqual([])
  })
})
