/**
 * Screenshots of the built app at the two sizes every UI change is checked at.
 * Usage: npm run build && npx tsx scripts/screenshot.ts [outDir] (serves dist/ with vite preview).
 */
import { chromium } from '@playwright/test'
import { preview } from 'vite'

const outDir = process.argv[2] ?? 'test-results/screenshots'
const server = await preview({ preview: { port: 4174, host: '127.0.0.1', strictPort: true } })
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
try {
  for (const [width, height] of [
    [1280, 800],
    [1920, 1080],
  ] as const) {
    const page = await browser.newPage({ viewport: { width, height } })
    page.on('console', (m) => {
      if (m.type() === 'error') console.error('console error:', m.text())
    })
    await page.goto('http://127.0.0.1:4174/')
    await page.locator('.monaco-editor').waitFor()
    await page.getByRole('button', { name: 'Send request' }).click()
    await page.getByRole('button', { name: 'Pause' }).click()
    await page.getByRole('button', { name: 'Restart' }).click()
    await page.getByRole('button', { name: 'Pause' }).click()
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: 'Step forward' }).click()
    await page.waitForTimeout(300)
    await page.screenshot({ path: `${outDir}/app-${width}x${height}.png` })
    await page.close()
  }
} finally {
  await browser.close()
  server.httpServer.close()
}
