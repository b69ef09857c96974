import { strict as assert } from "node:assert";
import { startBot, type RunningBot } from "../../src/index";
import { personalActivity, type TeamsUser } from "../support/activities";
import { cardProblems } from "../support/cardCheck";
import { FakeConnector } from "../support/fakeConnector";
import { admin, sampleJson, sampleText, testConfig } from "../support/testApp";

const TENANT = "tenant-somerset";
const ADMIN = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
const GEMMA = { id: "29:gemma", aadObjectId: "aad-gemma", name: "Gemma R" };
const FIONA = { id: "29:fiona", aadObjectId: "aad-fiona", name: "Fiona T", email: "fiona.turnbull@example.org" };

describe("people and links", function () {
  this.timeout(30_000);
  let bot: RunningBot;
  let connector: FakeConnector;

  const activity = (from: TeamsUser, overrides: Record<string, unknown>) => personalActivity(connector.url, TENANT, from, overrides);

  async function say(from: { id: string; aadObjectId: string; name: string }, text: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const before = connector.sent.length;
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity(from, { text, ...overrides })) });
    assert.equal(response.status, 200);
    const [reply] = await connector.waitFor(before);
    const card = reply!.activity.attachments![0]!.content;
    assert.deepEqual(cardProblems(card), []);
    return JSON.stringify(card);
  }

  const mentionOf = (user: { id: string; name: string }) => ({ entities: [{ type: "mention", text: `<at>${user.name}</at>`, mentioned: { id: user.id, name: user.name } }] });

  before(async () => {
    connector = new FakeConnector();
    await connector.start();
    for (const member of [ADMIN, GEMMA, FIONA]) connector.members.set(member.id, member);
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" } }, () => undefined);
    await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
  });

  after(async () => {
    await bot.close();
    await connector.stop();
  });

  it("a non-admin cannot link anyone, and nothing is written", async () => {
    const reply = await say(GEMMA, `link Gemma Reeves to <at>${GEMMA.name}</at>`, mentionOf(GEMMA));
    assert.match(reply, /Only plan admins can link people/);
    assert.deepEqual(await bot.app.links.list("somerset-app"), []);
  });

  it("a non-admin cannot list people", async () => {
    assert.match(await say(GEMMA, "people"), /Only plan admins can see who is linked/);
  });

  it("an admin links a plan person to the mentioned Teams user, found by the sender's aadObjectId", async () => {
    const reply = await say(ADMIN, `link gemma reeves to <at>${GEMMA.name}</at>`, mentionOf(GEMMA));
    assert.match(reply, /Gemma Reeves is now linked to Gemma R in Teams/);
    assert.equal(await bot.app.links.personFor("somerset-app", GEMMA.aadObjectId), "gemma-reeves");
  });

  it("an unknown person name links nothing and says so", async () => {
    assert.match(await say(ADMIN, `link Nobody Atall to <at>${GEMMA.name}</at>`, mentionOf(GEMMA)), /There is no \\"Nobody Atall\\"/);
  });

  it("mine: what the linked user owns", async () => {
    const reply = await say(GEMMA, "mine");
    assert.match(reply, /Gemma Reeves: you lead 0 actions and own 4 milestones/);
    for (const id of ["1.2.1", "1.2.2", "1.2.3", "1.2.4"]) assert.match(reply, new RegExp(`\\*\\*${id.replace(/\./g, "\\.")}\\*\\*`));
  });

  it("people shows each person's link state, and installing the bot changes it", async () => {
    let reply = await say(ADMIN, "people");
    assert.match(reply, /Gemma Reeves.*?Teams: Gemma R.*?Bot not installed/);
    assert.match(reply, /Fiona Turnbull\*\*.*?Not linked/);
    const before = connector.sent.length;
    await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity(GEMMA, { type: "installationUpdate", action: "add" })) });
    await connector.waitFor(before);
    reply = await say(ADMIN, "people");
    assert.match(reply, /Gemma Reeves.*?Teams: Gemma R.*?"Linked"/);
    // This month's prompt to her was refused by Teams (she blocked the bot): admins see it, with the reason.
    await bot.app.promptRecords.claim("somerset-app", "2023-11", "gemma-reeves", ["1.2.1"], "gemma-reeves", "unreachable", "Teams answered 403 ConversationBlockedByUser");
    reply = await say(ADMIN, "people");
    assert.match(reply, /Gemma Reeves.*?not reached this month: Teams answered 403 ConversationBlockedByUser.*?"Unreachable"/);
    assert.match(reply, /1 not reached by this month's prompts/);
  });

  it("a user whose email is in the plan is linked automatically, in the plan's tenant", async () => {
    const withEmail = sampleJson();
    withEmail.tenantId = TENANT;
    withEmail.people.find((p) => p.id === "fiona-turnbull")!.email = FIONA.email;
    await bot.app.plans.importFile("somerset-app.json", JSON.stringify(withEmail), admin);
    const reply = await say(FIONA, "mine");
    assert.match(reply, /Fiona Turnbull: you lead 0 actions and own 5 milestones/);
    const link = (await bot.app.links.list("somerset-app")).find((l) => l.personId === "fiona-turnbull");
    assert.equal(link?.method, "email");
  });

  it("relinking a person to another user unlinks the first", async () => {
    await say(ADMIN, `link Gemma Reeves to <at>${FIONA.name}</at>`, mentionOf(FIONA));
    assert.equal(await bot.app.links.personFor("somerset-app", GEMMA.aadObjectId), undefined);
    assert.equal(await bot.app.links.personFor("somerset-app", FIONA.aadObjectId), "gemma-reeves");
    const people = await bot.app.links.list("somerset-app");
    assert.deepEqual(people.map((l) => [l.personId, l.aadObjectId]).sort(), [["gemma-reeves", FIONA.aadObjectId]]);
  });
});

describe("linking by email: never across tenants, never over a link", function () {
  this.timeout(30_000);
  let bot: RunningBot;
  let connector: FakeConnector;
  const GEMMA_EMAIL = "gemma.reeves@example.org";
  const GEMMA_REAL = { id: "29:gemma-real", aadObjectId: "aad-gemma-real", name: "Gemma Reeves", email: GEMMA_EMAIL };
  const IMPOSTOR = { id: "29:impostor", aadObjectId: "aad-impostor", name: "Not Gemma", email: GEMMA_EMAIL };
  const SECOND = { id: "29:second", aadObjectId: "aad-second", name: "Gemma Second Account", userPrincipalName: GEMMA_EMAIL };

  const start = async (planTenant: string | undefined, allowedTenantIds: string[] = []) => {
    connector = new FakeConnector();
    await connector.start();
    for (const member of [ADMIN, GEMMA_REAL, IMPOSTOR, SECOND]) connector.members.set(member.id, member);
    const config = testConfig();
    bot = await startBot({ ...config, bot: { ...config.bot, port: 0, adminIds: [ADMIN.aadObjectId], allowedTenantIds, fixedToday: "2023-11-01" } }, () => undefined);
    const plan = sampleJson();
    if (planTenant) plan.tenantId = planTenant;
    plan.people.find((p) => p.id === "gemma-reeves")!.email = GEMMA_EMAIL;
    await bot.app.plans.importFile("somerset-app.json", JSON.stringify(plan), admin);
  };
  const stop = async () => {
    await bot.close();
    await connector.stop();
  };
  async function say(from: TeamsUser, tenant: string, text: string): Promise<string> {
    const before = connector.sent.length;
    const response = await fetch(bot.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(personalActivity(connector.url, tenant, from, { text })) });
    assert.equal(response.status, 200);
    const [reply] = await connector.waitFor(before);
    return JSON.stringify(reply!.activity.attachments?.[0]?.content ?? reply!.activity.text);
  }

  afterEach(stop);

  it("a user of another tenant whose profile reports a plan person's address is not linked", async () => {
    await start(TENANT);
    await say(IMPOSTOR, "tenant-elsewhere", "mine");
    assert.equal(await bot.app.links.personFor("somerset-app", IMPOSTOR.aadObjectId), undefined);
    assert.deepEqual(await bot.app.links.list("somerset-app"), []);
    // update as the impostor is refused: they are nobody in the plan
    assert.doesNotMatch(await say(IMPOSTOR, "tenant-elsewhere", "update 1.2.4"), /Save/);
  });

  it("with neither the plan's tenantId nor ALLOWED_TENANT_IDS, email matching is off", async () => {
    await start(undefined);
    await say(GEMMA_REAL, TENANT, "mine");
    assert.equal(await bot.app.links.personFor("somerset-app", GEMMA_REAL.aadObjectId), undefined);
  });

  it("ALLOWED_TENANT_IDS turns it on for those tenants", async () => {
    await start(undefined, [TENANT]);
    await say(GEMMA_REAL, TENANT, "mine");
    assert.equal(await bot.app.links.personFor("somerset-app", GEMMA_REAL.aadObjectId), "gemma-reeves");
  });

  it("a match never replaces a link: a second account with the same address is refused, and admins see it in people", async () => {
    await start(TENANT);
    await say(GEMMA_REAL, TENANT, "mine");
    assert.equal(await bot.app.links.personFor("somerset-app", GEMMA_REAL.aadObjectId), "gemma-reeves");
    await say(SECOND, TENANT, "mine");
    assert.equal(await bot.app.links.personFor("somerset-app", SECOND.aadObjectId), undefined);
    assert.equal((await bot.app.links.linkOf("somerset-app", "gemma-reeves"))?.aadObjectId, GEMMA_REAL.aadObjectId, "the first link stands");
    const people = await say(ADMIN, TENANT, "people");
    assert.match(people, /email match refused: Gemma Second Account \(tenant tenant-somerset\) has this address, but Gemma Reeves \(aad-gemma-real\) holds the link/);
  });

  it("a link an admin made by hand is not replaced by an email match", async () => {
    await start(TENANT);
    await bot.app.links.link("somerset-app", "gemma-reeves", { aadObjectId: "aad-chosen", name: "Chosen by admin", tenantId: TENANT }, "manual", "Plan Admin");
    await say(GEMMA_REAL, TENANT, "mine");
    assert.equal(await bot.app.links.personFor("somerset-app", GEMMA_REAL.aadObjectId), undefined);
    assert.equal((await bot.app.links.linkOf("somerset-app", "gemma-reeves"))?.aadObjectId, "aad-chosen");
    assert.equal((await bot.app.links.conflicts("somerset-app")).length, 1);
  });
});
