import { strict as assert } from "node:assert";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { inflateSync } from "node:zlib";
import JSZip from "jszip";
import { buildAppPackage } from "../../src/tools/packageApp";
import type { PlanTrackerError } from "../../src/errors";
import { PROJECT_ROOT } from "../support/paths";

const SOURCE = resolve(PROJECT_ROOT, "appPackage");
const ENV = {
  MicrosoftAppId: "11111111-2222-3333-4444-555555555555",
  APP_WEBSITE_URL: "https://plans.example.org",
  APP_PRIVACY_URL: "https://plans.example.org/privacy",
  APP_TERMS_URL: "https://plans.example.org/terms",
};

/** RGBA pixels of a PNG written with filter 0 on every row (as appPackage's icons are). */
function pixels(file: string): { width: number; rgba: Buffer } {
  const bytes = readFileSync(file);
  const width = bytes.readUInt32BE(16);
  const idat: Buffer[] = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = bytes.readUInt32BE(offset);
    if (bytes.toString("latin1", offset + 4, offset + 8) === "IDAT") idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rows: Buffer[] = [];
  for (let row = 0; row * (width * 4 + 1) < raw.length; row++) {
    const start = row * (width * 4 + 1);
    assert.equal(raw[start], 0, "filter 0");
    rows.push(raw.subarray(start + 1, start + 1 + width * 4));
  }
  return { width, rgba: Buffer.concat(rows) };
}

describe("Teams app package", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "plan-tracker-package-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a zip whose manifest passes Microsoft's schema, with the ids from the environment", async () => {
    const outFile = join(dir, "appPackage.zip");
    await buildAppPackage({ env: ENV, sourceDir: SOURCE, outFile });
    const zip = await JSZip.loadAsync(readFileSync(outFile));
    assert.deepEqual(Object.keys(zip.files).sort(), ["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(await zip.file("manifest.json")!.async("string")) as { id: string; version: string; manifestVersion: string; name: { short: string }; bots: { botId: string; scopes: string[]; commandLists: { commands: unknown[] }[] }[] };
    assert.equal(manifest.id, ENV.MicrosoftAppId);
    assert.equal(manifest.version, (JSON.parse(readFileSync(resolve(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version, "the app's version is package.json's");
    assert.equal(manifest.manifestVersion, "1.30");
    assert.equal(manifest.name.short, "Plan Tracker");
    assert.equal(manifest.bots[0]!.botId, ENV.MicrosoftAppId);
    assert.deepEqual(manifest.bots[0]!.scopes, ["personal", "team", "groupChat"]);
    assert.notEqual(manifest.manifestVersion, "1.18", "1.18 is the one schema the validator cannot check offline");
    assert.ok(manifest.bots[0]!.commandLists.length <= 3 && manifest.bots[0]!.commandLists.every((l) => l.commands.length <= 12));
    assert.doesNotMatch(JSON.stringify(manifest), /\$\{\{/);
  });

  it("takes the bot id and the name's suffix by the Agents Toolkit's names too (BOT_ID, APP_NAME_SUFFIX)", async () => {
    const outFile = join(dir, "appPackage.zip");
    const botId = "66666666-7777-8888-9999-000000000000";
    const { MicrosoftAppId: _appId, ...rest } = ENV;
    const { manifest } = await buildAppPackage({ env: { ...rest, BOT_ID: botId, APP_NAME_SUFFIX: "-dev" }, sourceDir: SOURCE, outFile });
    assert.equal((manifest as { bots: { botId: string }[] }).bots[0]!.botId, botId);
    assert.equal((manifest as { name: { short: string } }).name.short, "Plan Tracker-dev");
  });

  it("a broken manifest fails with the schema's errors and writes nothing", async () => {
    for (const icon of ["color.png", "outline.png"]) copyFileSync(join(SOURCE, icon), join(dir, icon));
    const broken = JSON.parse(readFileSync(join(SOURCE, "manifest.json"), "utf8")) as { name: Record<string, string>; colour?: string };
    delete broken.name.short;
    broken.colour = "teal";
    writeFileSync(join(dir, "manifest.json"), JSON.stringify(broken));
    await assert.rejects(buildAppPackage({ env: ENV, sourceDir: dir, outFile: join(dir, "out.zip") }), (error: PlanTrackerError) => {
      assert.match(error.message, /does not pass Microsoft's Teams manifest schema/);
      assert.ok(error.problems.some((p) => /short/.test(p)), error.problems.join("\n"));
      assert.ok(error.problems.some((p) => /additional/i.test(p) || /colour/.test(p)), error.problems.join("\n"));
      return true;
    });
    assert.throws(() => readFileSync(join(dir, "out.zip")));
  });

  it("names what is missing from the environment", async () => {
    await assert.rejects(buildAppPackage({ env: { MicrosoftAppId: "not-a-guid" }, sourceDir: SOURCE, outFile: join(dir, "x.zip") }), (error: PlanTrackerError) => {
      assert.deepEqual(error.problems.map((p) => p.split(":")[0]), ["MicrosoftAppId", "APP_WEBSITE_URL", "APP_PRIVACY_URL", "APP_TERMS_URL"]);
      return true;
    });
  });

  it("has a 192×192 colour icon and a 32×32 outline icon, white on transparent", () => {
    const color = pixels(join(SOURCE, "color.png"));
    assert.equal(color.width, 192);
    const outline = pixels(join(SOURCE, "outline.png"));
    assert.equal(outline.width, 32);
    let white = 0;
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const [r, g, b, a] = outline.rgba.subarray(i, i + 4);
      assert.ok(a === 0 || (r === 255 && g === 255 && b === 255), `pixel ${i / 4} is neither transparent nor white`);
      if (a! > 0) white++;
    }
    assert.ok(white > 50, "the outline icon draws something");
  });
});
