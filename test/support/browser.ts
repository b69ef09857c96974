import { chromium, type Browser, type Page } from "playwright-core";

/**
 * Microsoft 365 Agents Playground's own web client in headless Chromium (Debian's
 * `chromium`; CHROMIUM_PATH overrides), driven as a person would: typing in the compose box,
 * clicking buttons, reading the cards it renders.
 */
export class PlaygroundPage {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
  ) {}

  static async open(playgroundUrl: string, options: { width?: number; height?: number } = {}): Promise<PlaygroundPage> {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    const page = await browser.newPage({ viewport: { width: options.width ?? 1280, height: options.height ?? 1000 } });
    // Fonts and icons from Microsoft's CDNs cannot load offline; refusing them at once keeps the page from waiting.
    await page.route(/fonts\.(googleapis|gstatic)|static2\.sharepointonline|res\.cdn\.office|cdn\.jsdelivr/, (route) => route.abort());
    await page.goto(playgroundUrl, { waitUntil: "domcontentloaded" });
    await page.waitForSelector('[data-lexical-editor="true"]', { timeout: 30_000 });
    return new PlaygroundPage(browser, page);
  }

  /** The number of Adaptive Cards on the page now. */
  async cardCount(): Promise<number> {
    return this.page.locator(".ac-adaptiveCard").count();
  }

  /** Types a message and sends it with Enter. */
  async type(text: string): Promise<void> {
    await this.page.click('[data-lexical-editor="true"]');
    await this.page.keyboard.type(text);
    await this.page.keyboard.press("Enter");
  }

  /** Waits for a card (the last one on the page) whose text contains `text`. */
  async cardWith(text: string, ms = 15_000): Promise<ReturnType<Page["locator"]>> {
    const card = this.page.locator(".ac-adaptiveCard", { hasText: text }).last();
    await card.waitFor({ state: "visible", timeout: ms });
    return card;
  }

  /** Another page in the same browser, for content the test supplies. */
  async blankPage(width: number, height: number): Promise<Page> {
    return this.browser.newPage({ viewport: { width, height } });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}
