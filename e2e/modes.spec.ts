import { expect, test } from '@playwright/test'
import { PlaygroundPage } from './pages/PlaygroundPage'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

test('switching to IPVS and between schedulers changes the path and the choice', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.page.getByRole('combobox', { name: 'Examples' }).selectOption('kubia-single-port')
  await app.page.getByRole('combobox', { name: 'Proxy mode' }).selectOption('ipvs')
  const ipvsNode = app.topology.locator('.react-flow__node-chain', { hasText: 'IPVS TCP' })
  await expect(ipvsNode).toContainText('rr')
  await expect(
    app.topology.locator('.react-flow__node-chain', { hasText: 'KUBE-SVC-' }),
  ).toHaveCount(0)
  await app.page.getByRole('spinbutton', { name: 'Send N requests' }).fill('6')
  await app.sendRequestAndPause()
  // rr walks the real servers in the kernel's list order: three Pods, twice each.
  const bars = app.page.getByRole('list', { name: 'Histogram' }).getByRole('listitem')
  await expect(bars).toHaveCount(3)
  await expect(bars.locator('.histogram__count')).toHaveText([
    '2 (33.3%)',
    '2 (33.3%)',
    '2 (33.3%)',
  ])
  await expect(app.trace).toContainText('ipvs')

  await app.page.getByRole('combobox', { name: 'Scheduler' }).selectOption('sh')
  await expect(ipvsNode).toContainText('sh')
  await app.sendRequestAndPause()
  // Source hashing sends one client to one real server every time.
  await expect(bars).toHaveCount(1)

  await app.page.getByRole('tab', { name: 'IPVS' }).click()
  const table = app.page.getByRole('tabpanel')
  await expect(table).toContainText('$ ipvsadm -Ln')
  await expect(table).toContainText(/TCP {2}10\.\d+\.\d+\.\d+:80 sh/)
  await app.page.getByRole('slider', { name: 'Timeline' }).fill('100')
  await expect(table.locator('.rules__line--matched')).toHaveCount(2)
  app.expectNoConsoleErrors()
})

test('userspace: the packet goes up to kube-proxy, which dials a Pod', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.page.getByRole('combobox', { name: 'Examples' }).selectOption('kubia-single-port')
  await app.page.getByRole('combobox', { name: 'Proxy mode' }).selectOption('userspace')
  await expect(
    app.topology.locator('.react-flow__node-chain', { hasText: 'kube-proxy :' }),
  ).toBeVisible()
  await app.sendRequestAndPause()
  await expect(app.page.getByTestId('outcome')).toContainText('Connected to default/kubia-')
  await expect(app.trace).toContainText('KUBE-PORTALS-HOST')
  await expect(app.trace).toContainText('user space')
})

test('the same fault three ways: iptables fails, userspace retries, IPVS follows its scheduler', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.page.getByRole('combobox', { name: 'Examples' }).selectOption('compare-modes')
  const histogram = app.page.getByRole('list', { name: 'Histogram' })
  const failures = histogram.locator('.histogram__bar--failure')
  // iptables: requests that drew the deleted Pod fail, and are not retried.
  await expect(failures).not.toHaveCount(0)
  // userspace: the proxy tries the next Pod, so every request gets through.
  await app.page.getByRole('combobox', { name: 'Proxy mode' }).selectOption('userspace')
  await expect(histogram.getByRole('listitem')).not.toHaveCount(0)
  await expect(failures).toHaveCount(0)
  // IPVS: rr keeps handing out the deleted real server until kube-proxy syncs.
  await app.page.getByRole('combobox', { name: 'Proxy mode' }).selectOption('ipvs')
  await expect(failures).not.toHaveCount(0)
})
