import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { RunningBot } from "../../src/index";
import { checkFileUrl } from "../../src/teams/fileUrls";
import { fileDownloader } from "../../src/teams/fileDownload";
import type { TeamsUser } from "../support/activities";
import { FileServer } from "../support/fileServer";
import { PROJECT_ROOT } from "../support/paths";
import { buttonData, TeamsChat } from "../support/teamsChat";

const TENANT = "tenant-import";
const ADA = { id: "29:ada", aadObjectId: "aad-ada", name: "Ada Admin" };
const BEA = { id: "29:bea", aadObjectId: "aad-bea", name: "Bea Admin" };
const NOBODY = { id: "29:nobody", aadObjectId: "aad-nobody", name: "Not Admin" };
const northshire = () => JSON.parse(readFileSync(resolve(PROJECT_ROOT, "data", "northshire-wsoa.json"), "utf8")) as { title: string; actions: { milestones: { id: string; title: string }[] }[] } & Record<string, unknown>;

describe("importing a plan file sent in Teams", function () {
  this.timeout(60_000);
  let chat: TeamsChat;
  let bot: RunningBot;
  let files: FileServer;

  const attachment = (name: string, downloadUrl: string) => ({
    attachments: [{ contentType: "application/vnd.microsoft.teams.file.download.info", name, contentUrl: downloadUrl, content: { downloadUrl, uniqueId: "1", fileType: name.split(".").pop() } }],
  });

  /** Sends a file as Teams does; the reply card and its Confirm import button's data. */
  async function send(from: TeamsUser, name: string, url: string, overrides: Record<string, unknown> = {}): Promise<{ json: string; confirm?: Record<string, unknown> }> {
    const json = await chat.say(from, "", { ...attachment(name, url), ...overrides });
    return { json, confirm: buttonData(json, "confirmImport") };
  }

  const confirm = (from: TeamsUser, data: Record<string, unknown>) => chat.press(from, "confirmImport", data);

  before(async () => {
    files = new FileServer();
    await files.start();
    // The loopback file server's origin is allowed explicitly; everything else is the real policy.
    chat = await TeamsChat.start({ tenant: TENANT, adminIds: [ADA.aadObjectId, BEA.aadObjectId], fixedToday: "2023-11-01", config: { extraFileOrigins: [files.origin] } });
    bot = chat.bot;
    files.files.set("/northshire-wsoa.json", Buffer.from(JSON.stringify(northshire())));
  });

  after(async () => {
    await chat.close();
    await files.stop();
  });

  const stored = async () => (await bot.app.plans.listPlans()).map((p) => p.id).sort();

  it("the URL policy: https on SharePoint or OneDrive only", () => {
    assert.equal(checkFileUrl("https://contoso-my.sharepoint.com/personal/ada/_layouts/15/download.aspx?UniqueId=1").hostname, "contoso-my.sharepoint.com");
    assert.equal(checkFileUrl("https://contoso.sharepoint.com/sites/send/plan.json").hostname, "contoso.sharepoint.com");
    for (const [url, why] of [
      ["http://contoso.sharepoint.com/plan.json", /not https/],
      ["https://evil.example.com/plan.json", /not SharePoint or OneDrive/],
      ["https://sharepoint.com.evil.example/plan.json", /not SharePoint or OneDrive/],
      ["https://contoso.sharepoint.com:8443/plan.json", /port/],
      ["https://user:pw@contoso.sharepoint.com/plan.json", /user name/],
      ["file:///etc/passwd", /not https/],
      ["not a url", /not a URL/],
      [files.origin + "/northshire-wsoa.json", /not https/],
    ] as const) {
      assert.throws(() => checkFileUrl(url), why, url);
    }
  });

  it("a non-admin's file is refused before anything is downloaded", async () => {
    const { json, confirm: button } = await send(NOBODY, "northshire-wsoa.json", files.url("/northshire-wsoa.json"));
    assert.match(json, /Only plan admins can import plan files/);
    assert.equal(button, undefined);
    assert.deepEqual(files.requests, []);
    assert.deepEqual(await stored(), ["somerset-app"]);
  });

  it("a file on another host, or over http, is refused and nothing is downloaded or written", async () => {
    assert.match((await send(ADA, "northshire-wsoa.json", "https://files.evil.example/northshire-wsoa.json")).json, /files.evil.example, which is not SharePoint or OneDrive/);
    assert.match((await send(ADA, "northshire-wsoa.json", "http://contoso.sharepoint.com/northshire-wsoa.json")).json, /not https/);
    assert.deepEqual(files.requests, []);
    assert.deepEqual(await stored(), ["somerset-app"]);
  });

  it("a file that is not JSON or CSV is refused", async () => {
    files.files.set("/plan.docx", Buffer.from("PK\u0003\u0004"));
    assert.match((await send(ADA, "plan.docx", files.url("/plan.docx"))).json, /must be .json \(a whole plan\) or .csv/);
    files.files.set("/binary.json", Buffer.from([0x7b, 0x00, 0x01, 0x7d]));
    assert.match((await send(ADA, "binary.json", files.url("/binary.json"))).json, /not a text file/);
    assert.deepEqual(await stored(), ["somerset-app"]);
  });

  it("a file over 5 MB is refused, counted while it streams", async () => {
    files.files.set("/huge.json", Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    assert.match((await send(ADA, "huge.json", files.url("/huge.json"))).json, /larger than 5 MB/);
    assert.deepEqual(await stored(), ["somerset-app"]);
  });

  it("a plan with errors lists every error with its location, and writes nothing", async () => {
    const broken = northshire();
    (broken.actions[0]!.milestones[0] as Record<string, unknown>).owners = ["no-such-person"];
    (broken.actions[1]!.milestones[0] as Record<string, unknown>).status = "purple";
    files.files.set("/broken.json", Buffer.from(JSON.stringify(broken)));
    const { json, confirm: button } = await send(ADA, "broken.json", files.url("/broken.json"));
    assert.match(json, /Not imported: broken.json/);
    assert.match(json, /no-such-person/);
    assert.match(json, /actions\[0\]\.milestones\[0\]\.owners\[0\]: \\"no-such-person\\" is not a person/);
    assert.match(json, /actions\[1\]\.milestones\[0\]\.status: \\"purple\\" is not a status/);
    assert.equal(button, undefined);
    assert.deepEqual(await stored(), ["somerset-app"]);
  });

  it("an admin's plan file: a dry run listing what would be added, then Confirm import stores it", async () => {
    const { json, confirm: button } = await send(ADA, "northshire-wsoa.json", files.url("/northshire-wsoa.json"));
    assert.match(json, /A new plan, northshire-wsoa, would be created/);
    assert.match(json, /Would be added/);
    assert.match(json, /milestone 1\.1\.1/);
    assert.ok(button);
    assert.equal(button.planId, "northshire-wsoa");
    assert.deepEqual(await stored(), ["somerset-app"]);
    assert.match(await confirm(ADA, button), /Plan northshire-wsoa is stored/);
    assert.deepEqual(await stored(), ["northshire-wsoa", "somerset-app"]);
    assert.equal((await bot.app.plans.view("northshire-wsoa")).plan.title, northshire().title);
  });

  it("a forged confirmation (another URL, another file, a non-admin) is refused and writes nothing", async () => {
    const revised = northshire();
    revised.actions[0]!.milestones[0]!.title = "Write the letter with parents, carers and young people.";
    files.files.set("/revised.json", Buffer.from(JSON.stringify(revised)));
    const { confirm: button } = await send(ADA, "revised.json", files.url("/revised.json"));
    assert.ok(button);
    const head = await bot.app.plans.headTag("northshire-wsoa");
    assert.match(await confirm(ADA, { ...button, url: "https://files.evil.example/revised.json" }), /not SharePoint or OneDrive/);
    files.files.set("/other.json", Buffer.from(JSON.stringify({ ...revised, title: "Something else" })));
    assert.match(await confirm(ADA, { ...button, url: files.url("/other.json") }), /not the one the dry run read/);
    assert.match(await confirm(NOBODY, button), /Only admins of plan northshire-wsoa can import it/);
    assert.match(await confirm(ADA, { ...button, planId: "somerset-app" }), /belongs to plan somerset-app, not northshire-wsoa/);
    assert.equal(await bot.app.plans.headTag("northshire-wsoa"), head);
  });

  it("two admins confirming different imports at once: one wins, the other is told", async () => {
    const first = northshire();
    first.actions[0]!.milestones[1]!.title = "Send the letter to every family on the list, by post and email.";
    const second = northshire();
    second.actions[0]!.milestones[2]!.title = "Ask thirty families whether the letter helped.";
    files.files.set("/first.json", Buffer.from(JSON.stringify(first)));
    files.files.set("/second.json", Buffer.from(JSON.stringify(second)));
    const a = (await send(ADA, "first.json", files.url("/first.json"))).confirm!;
    const b = (await send(BEA, "second.json", files.url("/second.json"))).confirm!;
    const answers = await Promise.all([confirm(ADA, a), confirm(BEA, b)]);
    const won = answers.filter((answer) => /was revised/.test(answer));
    const told = answers.filter((answer) => /changed after this dry run/.test(answer));
    assert.equal(won.length, 1, answers.join("\n"));
    assert.equal(told.length, 1, answers.join("\n"));
    const titles = (await bot.app.plans.view("northshire-wsoa", { fresh: true })).plan.actions[0]!.milestones.map((m) => m.title);
    const winner = /first\.json/.test(won[0]!) ? first : second;
    assert.deepEqual(titles, winner.actions[0]!.milestones.map((m) => m.title));
    // And a confirmation after the plan changed is refused too.
    assert.match(await confirm(ADA, a), /changed after this dry run/);
  });

  it("the downloader stops at the limit even when the server sends no length", async () => {
    const small = fileDownloader({ extraOrigins: [files.origin] }, 1000);
    files.files.set("/1001.bin", Buffer.alloc(1001, 0x20));
    await assert.rejects(small.download(files.url("/1001.bin")), /larger than/);
    files.files.set("/1000.bin", Buffer.alloc(1000, 0x20));
    assert.equal((await small.download(files.url("/1000.bin"))).length, 1000);
  });
});
