import { strict as assert } from "node:assert";
import type { RunningBot } from "../../src/index";
import type { TeamsUser } from "../support/activities";
import { buttonData, TeamsChat } from "../support/teamsChat";
import { admin, sampleText } from "../support/testApp";

const TENANT = "tenant-reassign";
const ADMIN = { id: "29:ada", aadObjectId: "aad-ada", name: "Ada Admin" };
const MEMBER = { id: "29:gemma", aadObjectId: "aad-gemma", name: "Gemma R" };
const PLAN = "somerset-app";

describe("reassign in Teams (real HTTP, Azurite)", function () {
  this.timeout(60_000);
  let chat: TeamsChat;
  let bot: RunningBot;

  /** Types a message; the reply card and its Confirm reassign button's data. */
  async function say(from: TeamsUser, text: string): Promise<{ json: string; confirm?: Record<string, unknown> }> {
    const json = await chat.say(from, text);
    return { json, confirm: buttonData(json, "confirmReassign") };
  }

  const press = (from: TeamsUser, data: Record<string, unknown>) => chat.press(from, "confirmReassign", data);

  before(async () => {
    chat = await TeamsChat.start({ tenant: TENANT, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" });
    bot = chat.bot;
  });

  after(() => chat.close());

  it("a non-admin is refused centrally, by typing and by pressing, and nothing moves", async () => {
    const head = await bot.app.plans.headTag(PLAN);
    const typed = await say(MEMBER, "reassign Claire Merchant-Jones to Rose Firth because she left");
    assert.match(typed.json, /Only plan admins can reassign people's work/);
    assert.equal(typed.confirm, undefined);
    assert.match(await press(MEMBER, { planId: PLAN, fromId: "claire-merchant-jones", toId: "rose-firth", reason_reassign: "left" }), /Only plan admins can reassign people's work/);
    assert.equal(await bot.app.plans.headTag(PLAN), head);
  });

  it("an unknown person and a move to the same person are refused, with no Confirm button", async () => {
    let answer = await say(ADMIN, "reassign Nobody Known to Rose Firth");
    assert.match(answer.json, /no \\"Nobody Known\\" among the plan's people/);
    assert.equal(answer.confirm, undefined);
    answer = await say(ADMIN, "reassign Rose Firth to rose-firth");
    assert.match(answer.json, /cannot be reassigned to themselves/);
    assert.equal(answer.confirm, undefined);
    assert.match(await press(ADMIN, { planId: PLAN, fromId: "no-such-person", toId: "rose-firth", reason_reassign: "left" }), /no-such-person is not a person in plan somerset-app/);
  });

  it("an admin sees what would move, confirms, and each moved item gets a history entry; a button without a reason is refused", async () => {
    const head = await bot.app.plans.headTag(PLAN);
    const card = await say(ADMIN, "reassign Claire Merchant-Jones to Rose Firth because she left the council");
    assert.match(card.json, /Reassign Claire Merchant-Jones to Rose Firth/);
    assert.match(card.json, /action 1\.1 \(lead\)/);
    assert.match(card.json, /risk R1 \(owner\)/);
    assert.match(card.json, /she left the council/, "the typed reason is the input's value");
    assert.deepEqual({ ...card.confirm }, { fromId: "claire-merchant-jones", toId: "rose-firth", planId: PLAN });
    assert.equal(await bot.app.plans.headTag(PLAN), head, "the card writes nothing");

    assert.match(await press(ADMIN, { ...card.confirm }), /Give a reason on the card/, "no reason: refused");
    assert.match(await press(ADMIN, { ...card.confirm, reason_reassign: "she left", extra: "x" }), /could not be read/);
    assert.equal(await bot.app.plans.headTag(PLAN), head);

    const done = await press(ADMIN, { ...card.confirm, reason_reassign: "she left the council" });
    assert.match(done, /Reassigned Claire Merchant-Jones to Rose Firth/);
    const plan = (await bot.app.plans.view(PLAN, { fresh: true })).plan;
    assert.equal(plan.actions.find((a) => a.id === "1.1")!.lead, "rose-firth");
    for (const target of ["1.1", "KPI 1", "a1-qi1", "R1"]) {
      const entry = (await bot.app.records.history(PLAN, target)).entries.at(-1)!;
      assert.deepEqual([entry.source, entry.by, entry.byName], ["teams", ADMIN.aadObjectId, ADMIN.name], target);
      assert.match(entry.note ?? "", /she left the council/);
    }
    const report = await bot.app.plans.importFile("somerset-app.json", sampleText(), admin, { dryRun: true });
    assert.ok(report.conflicts.some((c) => c.kind === "action" && c.id === "1.1" && c.kept === "app"), "a later import of the old file lists the conflict");
  });
});
