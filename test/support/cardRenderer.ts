import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { PROJECT_ROOT } from "./paths";

export const THEMES = ["light", "dark", "high-contrast"] as const;
export type Theme = (typeof THEMES)[number];

/** Teams' host config for a theme (test/tools/hostConfigs/, each file says where its colours come from). */
export function hostConfig(theme: Theme): Record<string, unknown> {
  return JSON.parse(readFileSync(join(PROJECT_ROOT, "test", "tools", "hostConfigs", `teams-${theme}.json`), "utf8")) as Record<string, unknown>;
}

const sdk = () => readFileSync(require.resolve("adaptivecards/dist/adaptivecards.js"), "utf8");

/**
 * Renders a card in `page` with the Adaptive Cards JS SDK (the renderer Teams' web client
 * builds on) and a theme's host config, `width` pixels wide, into `#card`. Throws when the SDK
 * renders nothing. The page's background is the card's.
 */
export async function renderCard(page: Page, card: Record<string, unknown>, theme: Theme, width: number): Promise<void> {
  const config = hostConfig(theme);
  const background = ((config.containerStyles as Record<string, { backgroundColor: string } | undefined>).default?.backgroundColor ?? "#FFFFFF").slice(0, 7);
  const button = theme === "light" ? "background:#FFFFFF;color:#252424;border:1px solid #E1DFDD" : theme === "dark" ? "background:#3D3C3C;color:#FFFFFF;border:1px solid #5C5C5C" : "background:#000000;color:#FFFFFF;border:1px solid #FFFFFF";
  const errors: string[] = [];
  const onError = (error: Error) => errors.push(error.message);
  page.on("pageerror", onError);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:${background};font-family:'Segoe UI',system-ui,sans-serif">
      <div id="card" style="width:${width}px;background:${background}"></div>
      <style>.ac-pushButton{${button};border-radius:4px;padding:6px 12px;font-weight:600;font-family:inherit}
      .ac-input,.ac-textInput,.ac-multichoiceInput,.ac-dateInput{${button}}</style>
      <script>${sdk()}</script>
      <script>(() => {
        // Teams renders **bold** in TextBlocks; the bare SDK needs a markdown processor for that.
        AdaptiveCards.AdaptiveCard.onProcessMarkdown = (text, result) => {
          const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
          result.outputHtml = escaped.replace(/\\*\\*(.+?)\\*\\*/g, "<strong>$1</strong>");
          result.didProcess = true;
        };
        const card = new AdaptiveCards.AdaptiveCard();
        card.hostConfig = new AdaptiveCards.HostConfig(${JSON.stringify(config)});
        card.parse(${JSON.stringify(card)});
        const rendered = card.render();
        if (rendered) document.getElementById("card").appendChild(rendered);
        else document.getElementById("card").textContent = "not rendered";
      })();</script></body></html>`);
  page.off("pageerror", onError);
  const problem = await page.locator("#card").evaluate((element) => (element.textContent === "not rendered" || element.getBoundingClientRect().height === 0 ? element.innerHTML.slice(0, 200) || "empty" : ""));
  if (problem) throw new Error(`the SDK did not render the card: ${problem} ${errors.join("; ")}`);
}

/** The rendered card's height in CSS pixels. */
export async function cardHeight(page: Page): Promise<number> {
  return page.locator("#card").evaluate((element) => Math.round(element.getBoundingClientRect().height));
}

export interface WordContrast {
  word: string;
  text: string;
  ratio: number;
  foreground: string;
  background: string;
}

/**
 * The contrast of each status word on the rendered card, measured from the screenshot's
 * pixels: for each text block that starts with Blue, Green, Amber or Red, the box of the word
 * itself; what is behind it is the box's most frequent colour, the word's colour is the pixel
 * that differs most from it (anti-aliased edges only come closer to the background).
 */
export async function statusWordContrasts(page: Page): Promise<WordContrast[]> {
  // In-page code as text: the project's TypeScript has no DOM library.
  const boxes = (await page.evaluate(`(() => {
    const found = [];
    for (const block of document.querySelectorAll("#card .ac-textBlock")) {
      const text = (block.textContent || "").trim();
      const match = /^(Blue|Green|Amber|Red)\\b/.exec(text);
      if (!match) continue;
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      let node = walker.nextNode();
      while (node && !(node.textContent || "").includes(match[1])) node = walker.nextNode();
      if (!node) continue;
      const range = document.createRange();
      const start = node.textContent.indexOf(match[1]);
      range.setStart(node, start);
      range.setEnd(node, start + match[1].length);
      const rect = range.getBoundingClientRect();
      found.push({ word: match[1], text, x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height });
    }
    return found;
  })()`)) as { word: string; text: string; x: number; y: number; width: number; height: number }[];
  if (boxes.length === 0) return [];
  const png = await page.screenshot({ fullPage: true });
  // The screenshot is decoded by the browser itself (a canvas), so no image library is needed.
  return (await page.evaluate(`(async ({ data, boxes }) => {
    const image = await createImageBitmap(await (await fetch("data:image/png;base64," + data)).blob());
    const canvas = document.createElement("canvas");
    canvas.width = image.width;
    canvas.height = image.height;
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const scale = image.width / document.documentElement.scrollWidth;
    const channel = (c) => { const s = c / 255; return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4; };
    const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const ratio = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x); return (hi + 0.05) / (lo + 0.05); };
    const hex = (c) => ("#" + c.map((v) => v.toString(16).padStart(2, "0")).join("")).toUpperCase();
    return boxes.map((box) => {
      const x = Math.max(0, Math.floor(box.x * scale));
      const y = Math.max(0, Math.floor(box.y * scale));
      const width = Math.max(1, Math.ceil(box.width * scale));
      const height = Math.max(1, Math.ceil(box.height * scale));
      const pixels = context.getImageData(x, y, width, height).data;
      const counts = new Map();
      for (let i = 0; i < pixels.length; i += 4) {
        const key = pixels[i] + "," + pixels[i + 1] + "," + pixels[i + 2];
        counts.set(key, (counts.get(key) || 0) + 1);
      }
      const background = [...counts.entries()].sort((a, b) => b[1] - a[1])[0][0].split(",").map(Number);
      let foreground = background;
      let best = 1;
      for (const key of counts.keys()) {
        const colour = key.split(",").map(Number);
        const r = ratio(colour, background);
        if (r > best) { best = r; foreground = colour; }
      }
      return { word: box.word, text: box.text, ratio: Math.round(best * 100) / 100, foreground: hex(foreground), background: hex(background) };
    });
  })(${JSON.stringify({ data: png.toString("base64"), boxes })})`)) as WordContrast[];
}
