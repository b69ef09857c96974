import { strict as assert } from "node:assert";
import { COMMANDS } from "../../src/bot/commandTable";
import { startBot, type RunningBot } from "../../src/index";
import { personalActivity, type TeamsUser } from "../support/activities";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { admin, sampleText, testConfig } from "../support/testApp";

const TENANT = "tenant-somerset";
const PLAN = "somerset-app";
const ADMIN: TeamsUser = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
const GEMMA: TeamsUser = { id: "29:gemma", aadObjectId: "aad-gemma", name: "Gemma Reeves" };
const CHANNEL = "19:board-papers@thread.tacv2";

/** The table walked over the real bot (Bot Framework protocol, real Azurite): help, the central refusals, the place check. */
describe("the command table, over the Bot Framework protocol", function () {
  this.timeout(30_000);
  let bot: RunningBot;
  let connector: FakeConnector;

  async function say(from: TeamsUser, text: string, inChannel = false): Promise<{ json: string; texts: string[] }> {
    const before = connector.sent.length;
    const where = inChannel
      ? { conversation: { id: `${CHANNEL};messageid=1`, conversationType: "channel", tenantId: TENANT, isGroup: true }, entities: [{ type: "mention", text: "<at>Gemma Reeves</at>", mentioned: { id: GEMMA.id, name: GEMMA.name } }] }
      : { entities: [{ type: "mention", text: "<at>Gemma Reeves</at>", mentioned: { id: GEMMA.id, name: GEMMA.name } }] };
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(personalActivity(connector.url, TENANT, from, { text, ...where })) });
    assert.equal(response.status, 200);
    const [reply] = await connector.waitFor(before);
    const card = reply!.activity.attachments![0]!.content as { body?: unknown };
    assert.deepEqual(cardProblems(card), []);
    const texts: string[] = [];
    const walk = (node: unknown) => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) {
          if ((key === "text" || key === "title") && typeof value === "string") texts.push(value);
          else walk(value);
        }
      }
    };
    walk(card.body);
    return { json: JSON.stringify(card), texts };
  }

  /** What the stored data a refused command could touch looks like now. */
  const stored = async () => JSON.stringify([await bot.app.links.list(PLAN), [...(await bot.app.digestRecords.channels(PLAN)).values()]]);

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    for (const member of [ADMIN, GEMMA]) connector.members.set(member.id, member);
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  });

  after(async () => {
    await bot.close();
    await connector.stop();
  });

  it("help lists every command of the table", async () => {
    const { texts } = await say(GEMMA, "help");
    for (const command of COMMANDS) assert.ok(texts.includes(command.examples[0]!), `${command.name} (${command.examples[0]}) is not in help`);
  });

  for (const command of COMMANDS.filter((c) => c.access.who === "admin")) {
    it(`${command.name} (admins only) refuses a non-admin with the central message, and changes nothing`, async () => {
      const before = await stored();
      const { texts } = await say(GEMMA, command.examples[0]!, command.scopes.includes("channel"));
      assert.ok(command.access.who === "admin");
      assert.deepEqual(texts, [`Only plan admins can ${command.access.to}. Ask one of them to do it for you.`]);
      assert.equal(await stored(), before);
    });
  }

  for (const command of COMMANDS.filter((c) => c.access.who === "milestoneOwner")) {
    it(`${command.name} (owner, lead or admin) refuses someone else with the central message`, async () => {
      const { texts } = await say(GEMMA, command.examples[0]!.replace(/\d+\.\d+\.\d+/, "2.3.2"));
      assert.ok(command.access.who === "milestoneOwner");
      assert.deepEqual(texts, [`Only the owner of milestone 2.3.2, its action lead or a plan admin can ${command.access.to}.`]);
    });
  }

  for (const command of COMMANDS.filter((c) => !c.scopes.includes("personal"))) {
    it(`${command.name} is refused in a personal chat, even to an admin, and changes nothing`, async () => {
      const before = await stored();
      const { texts } = await say(ADMIN, command.examples[0]!);
      assert.equal(texts[0], "Not here");
      assert.equal(await stored(), before);
    });
  }

  it("an admin passes the central check (people answers)", async () => {
    assert.match((await say(ADMIN, "people")).json, /linked without the bot installed/);
  });
});
