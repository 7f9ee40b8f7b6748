import { expect } from '@playwright/test'
import type { BrowserContext, Page } from '@playwright/test'

/** The playground as a person sees it: regions, buttons and the editor's text. */
export class PlaygroundPage {
  readonly consoleErrors: string[] = []

  constructor(readonly page: Page) {
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => this.consoleErrors.push(error.message))
  }

  static async open(context: BrowserContext, url = '/'): Promise<PlaygroundPage> {
    const page = await context.newPage()
    const playground = new PlaygroundPage(page)
    await page.goto(url)
    await playground.editorLines.waitFor()
    return playground
  }

  get manifests() {
    return this.page.getByRole('region', { name: 'Manifests' })
  }
  get topology() {
    return this.page.getByRole('region', { name: 'Topology' })
  }
  get trace() {
    return this.page.getByRole('list', { name: 'Trace' })
  }
  get editorLines() {
    return this.manifests.locator('.monaco-editor .view-lines')
  }
  button(name: string) {
    return this.page.getByRole('button', { name, exact: true })
  }

  /** The editor's text as shown (Monaco renders spaces as U+00A0). */
  async editorText(): Promise<string> {
    const text = await this.editorLines.innerText()
    return text.replace(/\u00a0/g, ' ')
  }

  /** Replace the whole text the way a person does: select all and paste. */
  async replaceYaml(yaml: string): Promise<void> {
    await this.page.evaluate((text) => navigator.clipboard.writeText(text), yaml)
    await this.editorLines.click()
    await this.page.keyboard.press('Control+A')
    await this.page.keyboard.press('Control+V')
    // The editor hands text to the store after a short debounce: wait until it has.
    await expect(this.manifests).toHaveAttribute('data-yaml-length', String(yaml.length))
  }

  /** Edges that end at a node whose id starts with `prefix` (a Pod, an outside address). */
  edgesInto(prefix: string) {
    return this.topology.locator(`.react-flow__edge[data-id*="->${prefix}"]`)
  }

  edgesFrom(ref: string) {
    return this.topology.locator(`.react-flow__edge[data-id^="${ref}->"]`)
  }

  async sendRequestAndPause(): Promise<void> {
    await this.button('Send request').click()
    const pause = this.button('Pause')
    if (await pause.isVisible()) await pause.click()
  }

  async currentHopIndex(): Promise<number> {
    const items = this.trace.locator(':scope > li')
    const count = await items.count()
    for (let i = 0; i < count; i++) {
      if ((await items.nth(i).getAttribute('aria-current')) === 'step') return i
    }
    return -1
  }

  expectNoConsoleErrors(): void {
    expect(this.consoleErrors).toEqual([])
  }
}
