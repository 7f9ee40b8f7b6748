import { describe, expect, it } from 'vitest'
import { createRng } from '../rng'
import { defaultPod } from './defaultService'
import type { WorkloadInput, WorkloadKind } from './defaultWorkload'
import { expandWorkloads, type GeneratedObject } from './expandWorkloads'
import { computeHash, statefulSetRevisionHash } from './podTemplateHash'

const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]{5}'
// SafeEncodeString of a decimal uint32: 1 to 10 characters, digits map onto 4-9 and b c d f.
const HASH = /^[4-9bcdf]{1,10}$/

function workload(kind: WorkloadKind, raw: Record<string, unknown>): WorkloadInput {
  const meta = raw['metadata'] as { name: string }
  return {
    raw: { apiVersion: 'apps/v1', kind, ...raw },
    kind,
    name: meta.name,
    namespace: 'default',
    ref: `${kind}/default/${meta.name}`,
  }
}

function template(labels: Record<string, string>): Record<string, unknown> {
  return {
    metadata: { labels },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
  }
}

function meta(o: GeneratedObject): Record<string, unknown> {
  return o.raw['metadata'] as Record<string, unknown>
}

function spec(o: GeneratedObject): Record<string, unknown> {
  return o.raw['spec'] as Record<string, unknown>
}

// The Deployment of the Kubernetes docs, concepts/workloads/controllers/deployment.md
// (controller: pkg/controller/deployment/sync.go getNewReplicaSet).
const nginxDeployment = workload('Deployment', {
  metadata: { name: 'web', annotations: { team: 'a' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'web' } },
    template: template({ app: 'web' }),
  },
})

describe('Deployment → ReplicaSet → Pods', () => {
  const { objects, diagnostics } = expandWorkloads([nginxDeployment], [], createRng(1))
  const rs = objects[0] as GeneratedObject
  const pods = objects.slice(1)
  const hash = computeHash((rs.raw['spec'] as { template: unknown }).template)

  it('creates one ReplicaSet and `replicas` Pods', () => {
    expect(diagnostics).toEqual([])
    expect(objects.map((o) => o.kind)).toEqual(['ReplicaSet', 'Pod', 'Pod', 'Pod'])
    expect(objects.every((o) => o.owner === 'Deployment/default/web')).toBe(true)
    expect(objects.every((o) => o.templatePath === 'spec.template')).toBe(true)
  })

  it('names the ReplicaSet <deployment>-<pod-template-hash> and adds the hash label everywhere', () => {
    const rsMeta = meta(rs)
    const rsHash = (rsMeta['labels'] as Record<string, string>)['pod-template-hash'] ?? ''
    expect(rsHash).toMatch(HASH)
    expect(rsMeta['name']).toBe(`web-${rsHash}`)
    expect(rsMeta['namespace']).toBe('default')
    expect(rsMeta['labels']).toEqual({ app: 'web', 'pod-template-hash': rsHash })
    expect(spec(rs)['selector']).toEqual({
      matchLabels: { app: 'web', 'pod-template-hash': rsHash },
    })
    const rsTemplate = spec(rs)['template'] as { metadata: { labels: unknown } }
    expect(rsTemplate.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': rsHash })
    expect(spec(rs)['replicas']).toBe(3)
    // The hash is of the Deployment's template, before the label is added.
    expect(hash).not.toBe(rsHash)
  })

  it('sets the revision and replica annotations (deployment_util.go SetNewReplicaSetAnnotations)', () => {
    // maxSurge defaults to 25%, rounded up: ceil(3 * 25 / 100) = 1.
    expect(meta(rs)['annotations']).toEqual({
      team: 'a',
      'deployment.kubernetes.io/revision': '1',
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
    })
  })

  it('owns the ReplicaSet by the Deployment and the Pods by the ReplicaSet', () => {
    expect(meta(rs)['ownerReferences']).toEqual([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: 'web',
        controller: true,
        blockOwnerDeletion: true,
      },
    ])
    for (const p of pods)
      expect(meta(p)['ownerReferences']).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: meta(rs)['name'],
          controller: true,
          blockOwnerDeletion: true,
        },
      ])
  })

  it('names Pods by generateName <rs>- plus 5 random characters, with the template labels', () => {
    const rsName = String(meta(rs)['name'])
    const names = pods.map((p) => String(meta(p)['name']))
    for (const p of pods) {
      expect(p.raw['apiVersion']).toBe('v1')
      expect(p.raw['kind']).toBe('Pod')
      expect(meta(p)['generateName']).toBe(`${rsName}-`)
      expect(String(meta(p)['name'])).toMatch(new RegExp(`^${rsName}-${SUFFIX}$`))
      expect(meta(p)['labels']).toEqual(meta(rs)['labels'])
      expect(p.raw['status']).toBeUndefined()
    }
    expect(new Set(names).size).toBe(3)
  })

  it("copies the template's containers (defaulted as the apiserver stores them)", () => {
    for (const p of pods) {
      const containers = spec(p)['containers'] as Array<Record<string, unknown>>
      expect(containers).toHaveLength(1)
      expect(containers[0]).toMatchObject({
        name: 'web',
        image: 'nginx:1.27',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
      })
      expect(spec(p)['restartPolicy']).toBe('Always')
    }
  })

  it('uses maxSurge as written, and 0 for Recreate', () => {
    const withSurge = workload('Deployment', {
      metadata: { name: 'a' },
      spec: {
        replicas: 10,
        strategy: { rollingUpdate: { maxSurge: 2 } },
        selector: { matchLabels: { app: 'a' } },
        template: template({ app: 'a' }),
      },
    })
    const recreate = workload('Deployment', {
      metadata: { name: 'b' },
      spec: {
        replicas: 10,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { app: 'b' } },
        template: template({ app: 'b' }),
      },
    })
    const out = expandWorkloads([withSurge, recreate], [], createRng(1)).objects
    const rss = out.filter((o) => o.kind === 'ReplicaSet').map((o) => meta(o)['annotations'])
    expect(
      rss.map((a) => (a as Record<string, string>)['deployment.kubernetes.io/max-replicas']),
    ).toEqual(['12', '10'])
  })
})

describe('replicas defaulting (pkg/apis/apps/v1/defaults.go SetDefaults_ReplicaSet)', () => {
  it('creates one Pod when replicas is absent', () => {
    const rs = workload('ReplicaSet', {
      metadata: { name: 'front' },
      spec: { selector: { matchLabels: { tier: 'front' } }, template: template({ tier: 'front' }) },
    })
    const { objects, diagnostics } = expandWorkloads([rs], [], createRng(7))
    expect(diagnostics).toEqual([])
    expect(objects).toHaveLength(1)
    const p = objects[0] as GeneratedObject
    expect(String(meta(p)['name'])).toMatch(new RegExp(`^front-${SUFFIX}$`))
    expect(meta(p)['generateName']).toBe('front-')
    expect(meta(p)['labels']).toEqual({ tier: 'front' })
    expect(p.owner).toBe('ReplicaSet/default/front')
  })

  it('creates no Pod for replicas: 0, but still the ReplicaSet of a Deployment', () => {
    const d = workload('Deployment', {
      metadata: { name: 'zero' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'z' } },
        template: template({ app: 'z' }),
      },
    })
    const { objects } = expandWorkloads([d], [], createRng(1))
    expect(objects.map((o) => o.kind)).toEqual(['ReplicaSet'])
    expect(spec(objects[0] as GeneratedObject)['replicas']).toBe(0)
  })
})

// pkg/controller/statefulset/stateful_set_utils.go newStatefulSetPod / initIdentity / updateIdentity.
describe('StatefulSet → Pods <sts>-0..n-1', () => {
  const sts = workload('StatefulSet', {
    metadata: { name: 'db' },
    spec: {
      serviceName: 'db-headless',
      replicas: 3,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: { app: 'db' } },
      template: template({ app: 'db' }),
      volumeClaimTemplates: [{ metadata: { name: 'data' } }],
    },
  })
  const { objects, diagnostics } = expandWorkloads([sts], [], createRng(1))
  // What defaultPod makes of the template's spec (pkg/apis/core/v1/defaults.go).
  const defaultedSpec = (defaultPod({ spec: template({}).spec }) as { spec: unknown }).spec

  it('names Pods by ordinal with hostname and subdomain', () => {
    expect(diagnostics).toEqual([])
    expect(objects.map((o) => meta(o)['name'])).toEqual(['db-0', 'db-1', 'db-2'])
    objects.forEach((p, i) => {
      expect(spec(p)['hostname']).toBe(`db-${i}`)
      expect(spec(p)['subdomain']).toBe('db-headless')
      expect(meta(p)['generateName']).toBe('db-')
    })
  })

  it('labels each Pod with its name, index and the revision <sts>-<hash>', () => {
    const revisions = objects.map(
      (p) => (meta(p)['labels'] as Record<string, string>)['controller-revision-hash'],
    )
    expect(new Set(revisions).size).toBe(1)
    // ControllerRevisionName(<sts>, HashControllerRevision(...)).
    expect(revisions[0]).toMatch(/^db-[4-9bcdf]{1,10}$/)
    expect(revisions[0]).toBe(
      `db-${statefulSetRevisionHash({ metadata: { labels: { app: 'db' } }, spec: defaultedSpec })}`,
    )
    objects.forEach((p, i) => {
      expect(meta(p)['labels']).toEqual({
        app: 'db',
        'statefulset.kubernetes.io/pod-name': `db-${i}`,
        'apps.kubernetes.io/pod-index': String(i),
        'controller-revision-hash': expect.stringMatching(/^db-[4-9bcdf]{1,10}$/) as unknown,
      })
    })
  })

  it('mounts one claim per volumeClaimTemplate (updateStorage)', () => {
    expect(spec(objects[1] as GeneratedObject)['volumes']).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'data-db-1' } },
    ])
  })

  it('starts at spec.ordinals.start', () => {
    const shifted = workload('StatefulSet', {
      metadata: { name: 'q' },
      spec: {
        replicas: 2,
        ordinals: { start: 5 },
        selector: { matchLabels: { app: 'q' } },
        template: template({ app: 'q' }),
      },
    })
    const out = expandWorkloads([shifted], [], createRng(1)).objects
    expect(out.map((o) => meta(o)['name'])).toEqual(['q-5', 'q-6'])
    expect(spec(out[0] as GeneratedObject)['subdomain']).toBeUndefined()
  })
})

// pkg/controller/daemon/daemon_controller.go syncNodes + util/daemonset_util.go.
describe('DaemonSet → one Pod per node', () => {
  const ds = workload('DaemonSet', {
    metadata: { name: 'agent' },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }) },
  })
  const { objects, diagnostics } = expandWorkloads([ds], ['node-a', 'node-b'], createRng(3))

  it('creates a Pod on each node in order, named agent-<5 chars>', () => {
    expect(diagnostics).toEqual([])
    expect(objects.map((o) => spec(o)['nodeName'])).toEqual(['node-a', 'node-b'])
    for (const p of objects) {
      expect(meta(p)['generateName']).toBe('agent-')
      expect(String(meta(p)['name'])).toMatch(new RegExp(`^agent-${SUFFIX}$`))
      expect(meta(p)['labels']).toEqual({
        app: 'agent',
        'pod-template-generation': '1',
        'controller-revision-hash': expect.stringMatching(HASH) as unknown,
      })
    }
  })

  it('pins each Pod by a metadata.name matchFields node affinity and adds the daemon tolerations', () => {
    expect(spec(objects[1] as GeneratedObject)['affinity']).toEqual({
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-b'] }] },
          ],
        },
      },
    })
    const tolerations = spec(objects[0] as GeneratedObject)['tolerations'] as Array<{
      key: string
    }>
    expect(tolerations.map((t) => t.key)).toEqual([
      'node.kubernetes.io/not-ready',
      'node.kubernetes.io/unreachable',
      'node.kubernetes.io/disk-pressure',
      'node.kubernetes.io/memory-pressure',
      'node.kubernetes.io/pid-pressure',
      'node.kubernetes.io/unschedulable',
    ])
  })

  it('warns and creates nothing without nodes', () => {
    const out = expandWorkloads([ds], [], createRng(3))
    expect(out.objects).toEqual([])
    expect(out.diagnostics.map((d) => d.severity)).toEqual(['warning'])
  })
})

// pkg/apis/apps/validation/validation.go; values rendered as >=1.34 does (JSON for maps).
describe('validation', () => {
  function errors(w: WorkloadInput): string[] {
    return expandWorkloads([w], ['n1'], createRng(1)).diagnostics.map(
      (d) => `${d.field}: ${d.message}`,
    )
  }

  it('rejects a selector that does not match the template labels, creating nothing', () => {
    const w = workload('Deployment', {
      metadata: { name: 'x' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'other' }) },
    })
    const out = expandWorkloads([w], [], createRng(1))
    expect(out.objects).toEqual([])
    expect(out.diagnostics).toEqual([
      {
        ref: 'Deployment/default/x',
        field: 'spec.template.metadata.labels',
        message: 'Invalid value: {"app":"other"}: `selector` does not match template `labels`',
        severity: 'error',
      },
    ])
  })

  it('reports a missing selector as Required plus the mismatch (labels.Nothing matches nothing)', () => {
    const w = workload('Deployment', {
      metadata: { name: 'x' },
      spec: { template: template({ app: 'broken' }) },
    })
    expect(errors(w)).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"broken"}: `selector` does not match template `labels`',
    ])
  })

  it('rejects negative replicas', () => {
    const w = workload('StatefulSet', {
      metadata: { name: 'x' },
      spec: { replicas: -1, selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) },
    })
    expect(errors(w)).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ])
  })

  it('rejects an empty selector', () => {
    const w = workload('ReplicaSet', {
      metadata: { name: 'x' },
      spec: { selector: {}, template: template({ a: 'b' }) },
    })
    expect(errors(w)).toEqual([
      'spec.selector: Invalid value: {}: empty selector is invalid for deployment',
    ])
  })

  it('matches matchExpressions', () => {
    const w = workload('ReplicaSet', {
      metadata: { name: 'x' },
      spec: {
        selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] },
        template: template({ tier: 'c' }),
      },
    })
    expect(errors(w)).toEqual([
      'spec.template.metadata.labels: Invalid value: {"tier":"c"}: `selector` does not match template `labels`',
    ])
  })

  it('rejects a restartPolicy other than Always', () => {
    const t = template({ a: 'b' })
    ;(t['spec'] as Record<string, unknown>)['restartPolicy'] = 'Never'
    const w = workload('DaemonSet', {
      metadata: { name: 'x' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: t },
    })
    expect(errors(w)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ])
  })

  it('never throws on odd shapes', () => {
    const odd: WorkloadInput = {
      raw: { spec: { replicas: 'three', selector: 7, template: [] } },
      kind: 'Deployment',
      name: 'odd',
      namespace: 'default',
      ref: 'Deployment/default/odd',
    }
    expect(() => expandWorkloads([odd], ['n'], createRng(1))).not.toThrow()
  })
})

describe('determinism', () => {
  it('gives the same objects for the same input and seed, and other suffixes for another seed', () => {
    const ds = workload('DaemonSet', {
      metadata: { name: 'agent' },
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }) },
    })
    const input = [nginxDeployment, ds]
    const a = expandWorkloads(input, ['n1', 'n2'], createRng(42))
    const b = expandWorkloads(input, ['n1', 'n2'], createRng(42))
    expect(a).toEqual(b)
    const c = expandWorkloads(input, ['n1', 'n2'], createRng(43))
    // Hashes do not depend on the rng, only the suffixes do.
    expect(meta(c.objects[0] as GeneratedObject)['name']).toBe(
      meta(a.objects[0] as GeneratedObject)['name'],
    )
    expect(c.objects.map((o) => meta(o)['name'])).not.toEqual(a.objects.map((o) => meta(o)['name']))
  })
})
