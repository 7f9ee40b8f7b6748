import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { PlaygroundPage } from './pages/PlaygroundPage'

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

const kubia = readFileSync('scenarios/kubia-single-port.yaml', 'utf8')

test('send 300 requests and read the histogram beside the expected share', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(kubia)
  await app.page.getByRole('spinbutton', { name: 'Send N requests' }).fill('300')
  await app.sendRequestAndPause()
  const bars = app.page.getByRole('list', { name: 'Histogram' }).getByRole('listitem')
  await expect(bars).toHaveCount(3)
  await expect(
    app.page.getByText('Where 300 requests went; the rules give each ready endpoint 33.3%'),
  ).toBeVisible()
  const counts = await bars.locator('.histogram__count').allInnerTexts()
  expect(counts.map((c) => Number(c.split(' ')[0])).reduce((a, b) => a + b, 0)).toBe(300)
  // The run is still steppable request by request.
  await app.page.getByRole('slider', { name: 'Shown request' }).fill('1')
  await expect(app.page.getByText('Request 1 of 300')).toBeVisible()
  app.expectNoConsoleErrors()
})

test('keep-alive pins every request to one Pod', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(kubia)
  await app.page.getByRole('checkbox', { name: 'Keep-alive' }).check()
  await app.page.getByRole('spinbutton', { name: 'Send N requests' }).fill('40')
  await app.sendRequestAndPause()
  await expect(app.page.getByRole('list', { name: 'Histogram' }).getByRole('listitem')).toHaveCount(
    1,
  )
  // One connection carried all 40 requests.
  await app.page.getByText(/^Connections of the last send: 1 /).click()
  const table = app.page.getByRole('table', { name: 'Connection tracking' })
  await expect(table.getByRole('row')).toHaveCount(2)
  await expect(table.getByRole('row').nth(1)).toContainText('40')
})

test('delete a Pod: requests fail during the sync delay, then avoid it', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(kubia)
  await app.page.getByRole('spinbutton', { name: 'Sync delay' }).fill('5')
  await app.page.getByRole('tab', { name: 'Faults' }).click()
  await app.button('Delete pod').click()
  await expect(app.page.getByRole('list', { name: 'Events' })).toContainText(
    't = 0 s delete Pod default/kubia-',
  )
  await app.page.getByRole('spinbutton', { name: 'Send N requests' }).fill('60')
  await app.sendRequestAndPause()
  await app.page.getByRole('tab', { name: 'Request' }).click()
  const histogram = app.page.getByRole('list', { name: 'Histogram' })
  // Requests that drew the deleted Pod find no host (curl 8 says only "Couldn't connect").
  await expect(histogram.locator('.histogram__bar--failure')).toContainText(
    'curl: (7) Failed to connect to',
  )
  // kube-proxy catches up after the delay: the replacement Pod gets traffic, nothing fails.
  await app.button('Advance clock by 10 s').click()
  await expect(app.page.getByTestId('clock')).toHaveText('t = 10 s')
  await app.sendRequestAndPause()
  await expect(histogram.locator('.histogram__bar--failure')).toHaveCount(0)
  await expect(histogram.getByRole('listitem')).toHaveCount(3)
})

test('ClientIP affinity: requests stick, and after the timeout the client draws again', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(kubia)
  await app.page.getByRole('combobox', { name: 'Session affinity' }).selectOption('ClientIP')
  // The control edits the Service in the YAML, the single source of truth.
  await expect.poll(() => app.editorText()).toContain('sessionAffinity: ClientIP')
  await app.page.getByRole('spinbutton', { name: 'Send N requests' }).fill('30')
  await app.sendRequestAndPause()
  const histogram = app.page.getByRole('list', { name: 'Histogram' })
  await expect(histogram.getByRole('listitem')).toHaveCount(1)
  const affinity = app.page.getByRole('table', { name: 'Affinity' })
  await expect(affinity).toContainText('3 h')
  await app.button('Advance clock by 3 h 1 s').click()
  await expect(affinity).toContainText('expired')
  await app.sendRequestAndPause()
  await expect(histogram.getByRole('listitem')).toHaveCount(1)
  await expect(affinity).toContainText('3 h')
})

test('faults and sends travel in the share link and replay identically', async ({
  context,
  browser,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(kubia)
  await app.page.getByRole('tab', { name: 'Faults' }).click()
  await app.button('Mark not ready').click()
  await app.page.getByRole('spinbutton', { name: 'Send N requests' }).fill('20')
  await app.sendRequestAndPause()
  await app.button('Share').click()
  const link = app.page.url()
  await app.page.getByRole('tab', { name: 'Request' }).click()
  await expect(app.page.locator('.histogram__count')).toHaveCount(2)
  const counts = await app.page.locator('.histogram__count').allInnerTexts()
  const fresh = await browser.newContext()
  const reopened = await PlaygroundPage.open(fresh, link)
  await expect(reopened.page.locator('.histogram__count')).toHaveText(counts)
  await reopened.page.getByRole('tab', { name: 'Faults' }).click()
  await expect(reopened.page.getByRole('list', { name: 'Events' })).toContainText('not ready')
  await fresh.close()
})

test('a large send says it is working, then shows where all the requests went', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(kubia)
  await app.page.getByRole('spinbutton', { name: 'Send N requests' }).fill('10000')
  await app.button('Send request').click()
  await expect(app.page.getByText('Sending 10,000 requests…')).toBeVisible()
  await expect(
    app.page.getByText('Where 10000 requests went; the rules give each ready endpoint 33.3%'),
  ).toBeVisible({ timeout: 20_000 })
  await expect(app.page.getByText('Sending 10,000 requests…')).toBeHidden()
})
