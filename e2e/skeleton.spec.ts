import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { PlaygroundPage } from './pages/PlaygroundPage'

const seedExample = readFileSync('scenarios/nginx-service.yaml', 'utf8')

test.use({ permissions: ['clipboard-read', 'clipboard-write'] })

test('the app loads the seed example with the editor and the canvas, and no console errors', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await expect(app.manifests).toBeVisible()
  await expect(app.topology).toBeVisible()
  expect(await app.editorText()).toContain('targetPort: http-web-svc')
  await expect(app.topology.locator('.react-flow__node-service')).toContainText('nginx-service')
  await expect(app.topology.locator('.react-flow__node-pod')).toContainText('10.244.0.2')
  await expect(app.edgesInto('Pod/default/nginx')).toHaveCount(1)
  app.expectNoConsoleErrors()
})

test('typing with spaces and backspaces into the editor works', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.editorLines.click()
  await app.page.keyboard.press('Control+End')
  await app.page.keyboard.type('# a b cX')
  await app.page.keyboard.press('Backspace')
  await app.page.keyboard.type(' d')
  await expect.poll(() => app.editorText()).toContain('# a b c d')
  app.expectNoConsoleErrors()
})

test('a selector that matches nothing removes the Pod edges, and the request is refused', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await expect(app.edgesInto('Pod/default/nginx')).toHaveCount(1)
  await app.replaceYaml(seedExample.replace('app: my-app #', 'app: nobody #'))
  await expect(app.edgesInto('Pod/default/nginx')).toHaveCount(0)
  await expect(app.page.getByRole('list', { name: 'Problems' })).toContainText('matches no Pod')
  await app.sendRequestAndPause()
  await expect(app.page.getByTestId('outcome')).toContainText('curl: (7) Failed to connect to')
  await expect(app.trace).toContainText('has no endpoints')
})

test('Send request reaches the Pod, hop by hop', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.button('Send request').click()
  await expect(app.page.getByTestId('outcome')).toHaveText(
    /^Connected to default\/nginx at 10\.244\.0\.2:80$/,
  )
  // Playback runs on its own clock until the packet reaches the last hop.
  await expect(app.button('Play')).toBeVisible({ timeout: 15_000 })
  const hops = await app.trace.locator(':scope > li').count()
  expect(hops).toBeGreaterThanOrEqual(5)
  expect(await app.currentHopIndex()).toBe(hops - 1)
  await expect(app.trace).toContainText('DNAT to 10.244.0.2:80')
  await expect(app.trace).toContainText('nginx accepts')
})

test('step forward and back move the current hop and the packet', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.sendRequestAndPause()
  await app.button('Restart').click()
  await app.sendRequestAndPause()
  await app.button('Restart').click()
  if (await app.button('Pause').isVisible()) await app.button('Pause').click()
  await app.page.getByRole('slider', { name: 'Timeline' }).fill('0')
  expect(await app.currentHopIndex()).toBe(0)
  await app.button('Step forward').click()
  await app.button('Step forward').click()
  expect(await app.currentHopIndex()).toBe(2)
  await expect(app.page.getByTestId('packet')).toHaveAttribute('data-hop', '2')
  await app.button('Step back').click()
  expect(await app.currentHopIndex()).toBe(1)
  // The keyboard does the same when focus is outside the editor.
  await app.page.getByRole('heading', { name: 'Kubernetes Service Playground' }).click()
  await app.page.keyboard.press('ArrowRight')
  expect(await app.currentHopIndex()).toBe(2)
  await expect(app.page.getByTestId('hop-announcer')).toContainText('Hop 3 of')
})

test('selecting a hop highlights the YAML lines behind it', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.sendRequestAndPause()
  await app.trace.getByRole('button', { name: /accepts/ }).click()
  // The accepting hop comes from the Pod's containerPort entry (lines 13-14 of the example).
  const highlighted = app.manifests.locator('.view-overlays .hop-source-line')
  await expect(highlighted.first()).toBeVisible()
  const lineNumbers = await app.manifests.locator('.margin .hop-source-glyph').count()
  expect(lineNumbers).toBeGreaterThan(0)
})

test('a syntax error marks its line and keeps the last good canvas', async ({ context }) => {
  const app = await PlaygroundPage.open(context)
  await app.replaceYaml(seedExample.replace('  name: nginx-service', '  name: [nginx-service'))
  await expect(app.manifests.getByRole('status')).toContainText('Syntax error on line')
  await expect(app.manifests.locator('.squiggly-error').first()).toBeVisible()
  await expect(app.topology.locator('.react-flow__node-service')).toContainText('nginx-service')
  await expect(app.edgesInto('Pod/default/nginx')).toHaveCount(1)
})

test('the share link opens the same YAML and canvas in a fresh page', async ({
  context,
  browser,
}) => {
  const app = await PlaygroundPage.open(context)
  const edited = seedExample.replace('port: 8081', 'port: 9090')
  await app.replaceYaml(edited)
  await expect(app.topology.locator('.react-flow__node-service')).toContainText(':9090/TCP')
  await app.button('Share').click()
  await expect(app.page.getByRole('status').filter({ hasText: 'Link copied' })).toBeVisible()
  const link = app.page.url()
  expect(link).toMatch(/#v1\.[A-Za-z0-9_-]+$/)
  expect(await app.page.evaluate(() => navigator.clipboard.readText())).toBe(link)

  const fresh = await browser.newContext()
  const reopened = await PlaygroundPage.open(fresh, link)
  await expect.poll(() => reopened.editorText()).toContain('port: 9090')
  expect((await reopened.editorText()).trim()).toBe((await app.editorText()).trim())
  // Same addresses, same endpoints: the canvas is derived from the same state.
  await expect(reopened.topology.locator('.react-flow__node-service')).toHaveText(
    (await app.topology.locator('.react-flow__node-service').textContent()) ?? 'missing',
  )
  reopened.expectNoConsoleErrors()
  await fresh.close()
})

test('a damaged link opens with a notice instead of a blank page', async ({ context }) => {
  const app = await PlaygroundPage.open(context, '/#v1.garbage!!')
  await expect(app.page.getByRole('status').filter({ hasText: 'damaged' })).toBeVisible()
  expect(await app.editorText()).toContain('nginx-service')
})

test('putting the cursor on a YAML line highlights the hops and canvas nodes it causes', async ({
  context,
}) => {
  const app = await PlaygroundPage.open(context)
  await app.sendRequestAndPause()
  // `targetPort: http-web-svc` decides the DNAT of the KUBE-SEP- chain.
  await app.manifests.locator('.view-line', { hasText: 'targetPort: http-web-svc' }).click()
  const affected = app.trace.locator(':scope > li[data-affected="true"]')
  await expect(affected.first()).toContainText('KUBE-SEP-')
  await expect(app.topology.locator('.react-flow__node.node--affected').first()).toContainText(
    'KUBE-SEP-',
  )
})

test.describe('with prefers-reduced-motion', () => {
  test.use({ reducedMotion: 'reduce' })

  test('nothing moves on its own, but stepping still works', async ({ context }) => {
    const app = await PlaygroundPage.open(context)
    await app.button('Send request').click()
    await expect(app.button('Play')).toBeDisabled()
    expect(await app.currentHopIndex()).toBe(0)
    await app.page.waitForTimeout(500)
    expect(await app.currentHopIndex()).toBe(0)
    await app.button('Step forward').click()
    expect(await app.currentHopIndex()).toBe(1)
  })
})
