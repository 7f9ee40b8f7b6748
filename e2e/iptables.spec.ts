import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { PlaygroundPage } from './pages/PlaygroundPage'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

test('a NodePort request from outside walks KUBE-NODEPORTS and KUBE-EXT- to a Pod, and the Rules tab highlights what matched', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(readFileSync('scenarios/kubia-nodeport.yaml', 'utf8'))
  await app.page.getByRole('combobox', { name: 'Client' }).selectOption({
    label: 'outside the cluster (203.0.113.10)',
  })
  await app.page
    .getByRole('combobox', { name: 'Target' })
    .selectOption({ label: 'default/kubia-nodeport → 192.168.49.2:30123 (NodePort on node-1)' })
  await expect(app.topology.locator('.react-flow__node-chain')).toContainText([
    'KUBE-SERVICES',
    'KUBE-NODEPORTS',
    'KUBE-EXT-DROCBMN7UF5OS6UD',
    'KUBE-SVC-DROCBMN7UF5OS6UD',
  ])
  await app.sendRequestAndPause()
  await expect(app.page.getByTestId('outcome')).toContainText(/^Connected to default\/kubia-/)
  await expect(app.trace).toContainText('nat KUBE-NODEPORTS')
  await expect(app.trace).toContainText('MASQUERADE: source becomes 10.244.0.1')

  await app.page.getByRole('tab', { name: 'Rules' }).click()
  const rules = app.page.getByRole('tabpanel')
  await expect(rules).toContainText('*nat')
  // Before the packet moves, nothing is highlighted; at the last hop, every matched rule is.
  await app.page.getByRole('slider', { name: 'Timeline' }).fill('0')
  await expect(rules.locator('.rules__line--matched')).toHaveCount(0)
  await app.page.getByRole('slider', { name: 'Timeline' }).fill('100')
  const ranked = (n: number) =>
    rules.locator('.rules__line--matched').filter({
      has: app.page.locator('.rules__rank', { hasText: new RegExp(`^${n}$`) }),
    })
  await expect(ranked(1)).toContainText('kubernetes service nodeports')
  await expect(ranked(2)).toContainText(
    /-A KUBE-NODEPORTS .* --dport 30123 -j KUBE-EXT-DROCBMN7UF5OS6UD/,
  )
  app.expectNoConsoleErrors()
})

test('no endpoints: the filter table REJECTs and curl reports connection refused', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(
    readFileSync('scenarios/kubia-single-port.yaml', 'utf8').replace('replicas: 3', 'replicas: 0'),
  )
  await app.sendRequestAndPause()
  await expect(app.page.getByTestId('outcome')).toHaveText(
    /^curl: \(7\) Failed to connect to 10\.\d+\.\d+\.\d+ port 80 after 0 ms: Couldn't connect to server$/,
  )
  await expect(app.trace).toContainText('has no endpoints')
})
