import { strict as assert } from "node:assert";
import { chromium, type Browser, type Page } from "playwright-core";
import { CARD_LIMIT_BYTES, cardBytes, expandCard } from "../../src/cards/cards";
import { cardProblems } from "../support/cardCheck";
import { cardHeight, renderCard } from "../support/cardRenderer";
import { sampleCards } from "../support/sampleCards";

/** A phone-sized chat (Teams' card width on a phone, and a narrow desktop chat) and a laptop's full-width card. */
const WIDTHS = [446, 1000] as const;

/**
 * Each card's height as the Adaptive Cards SDK renders it with Teams' light host config, at a
 * phone's width and at a laptop's full width; the prompt meets its goals at 446 px.
 */
describe("card heights at 446 and 1000 px (Adaptive Cards SDK, Teams' light theme)", function () {
  this.timeout(120_000);
  let browser: Browser;
  let page: Page;
  const cards = sampleCards();
  const heights = new Map<string, number[]>();

  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  });

  after(async () => {
    await browser?.close();
    if (heights.size) process.stdout.write(`      heights (446 px / 1000 px): ${[...heights].map(([name, [narrow, wide]]) => `${name} ${narrow} / ${wide}`).join(", ")}\n`);
  });

  for (const name of Object.keys(cards)) {
    it(`${name}: rendered at both widths`, async () => {
      const card = expandCard(cards[name]!);
      assert.deepEqual(cardProblems(card), []);
      const measured: number[] = [];
      for (const width of WIDTHS) {
        await renderCard(page, card, "light", width);
        measured.push(await cardHeight(page));
      }
      heights.set(name, measured);
      assert.ok(measured[0]! >= measured[1]!, `narrower is not shorter: ${measured.join(" / ")}`);
    });
  }

  it("the sample's two-milestone prompt is under 700 px tall at 446 px", async () => {
    await renderCard(page, expandCard(cards.prompt!), "light", 446);
    const height = await cardHeight(page);
    assert.ok(height < 700, `${height} px`);
  });

  it("the prompt: no change on a milestone in two clicks (On track, Save), Amber with a note in two clicks and typing", async () => {
    const card = expandCard(cards.prompt!);
    const ids = [...new Set([...JSON.stringify(card).matchAll(/"milestoneId":"(\d+\.\d+\.\d+)"/g)].map((m) => m[1]!))];
    assert.equal(ids.length, 2, "the sample's prompt has two milestones");
    await renderCard(page, card, "light", 446);
    await page.evaluate(`(() => {
      window.submitted = [];
      AdaptiveCards.AdaptiveCard.onExecuteAction = (action) => {
        const inputs = {};
        for (const input of action.parent.getRootElement().getAllInputs()) if (input.value) inputs[input.id] = input.value;
        window.submitted.push({ title: action.title, data: action.data, inputs });
      };
    })()`);
    // Two clicks: On track, then its Save.
    await page.getByRole("button", { name: "On track" }).first().click();
    await page.getByRole("button", { name: `Save ${ids[0]} as Green` }).click();
    // Two clicks and typing: At risk, the note, Save.
    await page.getByRole("button", { name: "At risk" }).nth(1).click();
    await page.getByLabel(/What is at risk/).filter({ visible: true }).fill("Guidance with legal; out in December");
    await page.getByRole("button", { name: `Save ${ids[1]} as Amber` }).click();
    const submitted = (await page.evaluate("window.submitted")) as { title: string; data: Record<string, string>; inputs: Record<string, string> }[];
    assert.deepEqual(submitted.map((s) => s.title), [`Save ${ids[0]} as Green`, `Save ${ids[1]} as Amber`]);
    const key = ids[1]!.replace(/\./g, "_");
    assert.equal(submitted[1]!.data[`status_${key}`], "amber");
    assert.equal(submitted[1]!.inputs[`note_${key}_amber`], "Guidance with legal; out in December");
  });

  it("8 due items: one card under the size limit, the first milestones in full and the rest as rows that open their own card", () => {
    const reply = cards["prompt with 8 due items"]!;
    assert.ok(cardBytes(reply) <= CARD_LIMIT_BYTES, `${cardBytes(reply)} bytes`);
    const json = JSON.stringify(expandCard(reply));
    assert.equal(json.match(/"title":"On track"/g)?.length, 3, "three milestones in full");
    assert.equal(json.match(/"command":"update \d+\.\d+\.\d+"/g)?.length, 3 * 2, "three compact rows, each opening its own card (Execute and its Submit fallback)");
    assert.match(json, /Also due from you \(2 items\)/);
  });
});
