import { strict as assert } from "node:assert";
import type { RunningBot } from "../../src/index";
import { findKpi, kpiStatus } from "../../src/domain/kpis";
import type { TeamsUser } from "../support/activities";
import { buttonData as dataOfButton, TeamsChat } from "../support/teamsChat";

const TENANT = "tenant-somerset";
const PLAN = "somerset-app";
const ADMIN = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
// Claire owns KPIs 1-4, 7-9 and 12, every risk and QI, and leads actions 1.1 and 1.2.
const CLAIRE = { id: "29:claire", aadObjectId: "aad-claire", name: "Claire Merchant-Jones" };
const WILL = { id: "29:will", aadObjectId: "aad-will", name: "Will Barnwell" };
const STRANGER = { id: "29:x", aadObjectId: "aad-stranger", name: "Claire Merchant-Jones" }; // same display name, not linked

describe("the monthly cycle's records in Teams", function () {
  this.timeout(60_000);
  let chat: TeamsChat;
  let bot: RunningBot;

  const say = (from: TeamsUser, text: string) => chat.say(from, text);
  const press = (from: TeamsUser, verb: string, data: Record<string, unknown>) => chat.press(from, verb, data);

  const buttonData = (card: string, verb: string): Record<string, unknown> => {
    const data = dataOfButton(card, verb);
    assert.ok(data, `the card has a ${verb} button`);
    return data;
  };
  const history = async (target: string) => (await bot.app.records.history(PLAN, target)).entries;

  before(async () => {
    chat = await TeamsChat.start({ tenant: TENANT, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-12-01" });
    bot = chat.bot;
    await bot.app.links.link(PLAN, "claire-merchant-jones", { ...CLAIRE, tenantId: TENANT }, "manual", "test");
    await bot.app.links.link(PLAN, "will-barnwell", { ...WILL, tenantId: TENANT }, "manual", "test");
  });

  after(() => chat.close());

  it("an admin types `record kpi 7 110 for November 2023`: recorded, the latest value, with a history entry from Teams", async () => {
    const reply = await say(ADMIN, "record kpi 7 110 for November 2023");
    assert.match(reply, /Recorded KPI 7: 110 for November 2023\./);
    const view = await bot.app.plans.view(PLAN, { fresh: true });
    assert.equal(kpiStatus(view.plan, findKpi(view.plan, "7")!, "2023-12-01").measures[0]!.latest?.value, 110);
    const entries = await history("kpi 7");
    assert.deepEqual(entries.map((e) => [e.by, e.byName, e.source]), [[ADMIN.aadObjectId, ADMIN.name, "teams"]]);
    assert.match(await say(ADMIN, "history kpi 7"), /Plan Admin \(Teams\)/);
  });

  it("the owner of a part types `record kpi 5a 14 for October 2023`", async () => {
    assert.match(await say(WILL, "record kpi 5a 14 for October 2023"), /Recorded KPI 5 \(a\): 14 for October 2023\./);
    assert.deepEqual((await history("kpi 5")).map((e) => [e.part, e.period]), [["a", "2023-10"]]);
  });

  it("someone else, even with the owner's display name, is refused and nothing is written; free text never writes", async () => {
    const before = (await history("kpi 8")).length;
    assert.match(await say(STRANGER, "record kpi 8 50 for October 2023"), /Only the owner of KPI 8 or a plan admin can record its measurements\./);
    assert.match(await say(WILL, "record kpi 8 50 for October 2023"), /Only the owner of KPI 8 or a plan admin/);
    await say(CLAIRE, "please record kpi 8 as 50 for october");
    await say(CLAIRE, "record kpi 8 fifty percent in October 2023");
    assert.equal((await history("kpi 8")).length, before);
  });

  it("kpi 8 shows its owner the Record a measurement form, and others the KPI alone", async () => {
    assert.match(await say(CLAIRE, "kpi 8"), /Record a measurement/);
    assert.match(await say(ADMIN, "kpi 8"), /Record a measurement/);
    assert.doesNotMatch(await say(WILL, "kpi 8"), /Record a measurement/);
  });

  const refused: [string, TeamsUser, string, Record<string, string>, RegExp][] = [
    ["a value that is not a number", CLAIRE, "KPI 7", { value_kpi: "lots", date_kpi: "2023-10-31" }, /value: \\"lots\\" is not a number/],
    ["140 for a percent", CLAIRE, "KPI 8", { value_kpi: "140", date_kpi: "2023-10-31" }, /value: 140% is not a percentage between 0 and 100/],
    ["−3 for a count", CLAIRE, "KPI 7", { value_kpi: "-3", date_kpi: "2023-10-31" }, /value: -3 is not a count/],
    ["a date in the future", CLAIRE, "KPI 7", { value_kpi: "100", date_kpi: "2023-12-02" }, /date: 2 Dec 2023 is in the future/],
    ["an unknown KPI", ADMIN, "KPI 99", { value_kpi: "1", date_kpi: "2023-10-31" }, /kpi: \\"KPI 99\\" is not a KPI/],
    ["a note over 2,000 characters", CLAIRE, "KPI 7", { value_kpi: "100", date_kpi: "2023-10-31", note_kpi: "n".repeat(2001) }, /note: the note is 2001 characters; at most 2000/],
    ["a link that is not https", CLAIRE, "KPI 7", { value_kpi: "100", date_kpi: "2023-10-31", link_kpi: "http://dashboard.example.org" }, /link: the link .* is not an https:\/\/ address/],
  ];
  for (const [what, who, kpiId, inputs, problem] of refused) {
    it(`the form refuses ${what}: nothing written, the card comes back with what was typed`, async () => {
      const before = (await bot.app.plans.view(PLAN, { fresh: true })).records?.measurements.length;
      const reply = await press(who, "recordMeasurement", { kpiId, seen: "", idempotencyKey: `refused-${what.length}-${kpiId}`, ...inputs });
      if (kpiId === "KPI 99") assert.match(reply, problem);
      else {
        assert.match(reply, /Not recorded:/);
        assert.match(reply, problem);
        for (const [field, value] of Object.entries(inputs)) assert.ok(reply.includes(`"id":"${field}"`) && reply.includes(JSON.stringify(value).slice(0, 60)), `${field} keeps what was typed`);
      }
      assert.equal((await bot.app.plans.view(PLAN, { fresh: true })).records?.measurements.length, before);
    });
  }

  it("a double click (the same card's button twice) is recorded once", async () => {
    const data = { ...buttonData(await say(CLAIRE, "kpi 1"), "recordMeasurement"), value_kpi: "55", date_kpi: "2023-11-30" };
    assert.match(await press(CLAIRE, "recordMeasurement", data), /Recorded KPI 1: 55 for November 2023\./);
    assert.match(await press(CLAIRE, "recordMeasurement", data), /Already recorded: KPI 1 55 for November 2023\./);
    assert.equal((await history("kpi 1")).length, 1);
  });

  it("two people recording the same KPI month at once from their cards: exactly one wins, the other is told", async () => {
    const claireCard = buttonData(await say(CLAIRE, "kpi 3"), "recordMeasurement");
    const adminCard = buttonData(await say(ADMIN, "kpi 3"), "recordMeasurement");
    const replies = await Promise.all([
      press(CLAIRE, "recordMeasurement", { ...claireCard, value_kpi: "120", date_kpi: "2023-10-31" }),
      press(ADMIN, "recordMeasurement", { ...adminCard, value_kpi: "121", date_kpi: "2023-10-30" }),
    ]);
    assert.equal(replies.filter((r) => /Recorded KPI 3: 12[01] for October 2023\./.test(r)).length, 1, replies.join("\n"));
    assert.equal(replies.filter((r) => /a measurement of KPI 3 for 2023-10 was recorded by (Claire Merchant-Jones|Plan Admin)/.test(r)).length, 1, replies.join("\n"));
    assert.equal((await history("kpi 3")).length, 1);
  });

  it("risks lists the due ones first with Review buttons; risk R2's owner reviews it: the next review moves on, once per click, a stale card refused", async () => {
    const risks = await say(WILL, "risks");
    assert.match(risks, /"title":"Review R1"/);
    const form = await say(CLAIRE, "risk R2");
    const data = { ...buttonData(form, "reviewRisk"), likelihood_risk: "low", impact_risk: "medium", progress_risk: "Reviewed at board", mitigation_risk: "" };
    assert.match(await press(CLAIRE, "reviewRisk", data), /Reviewed R2 today\. The next review falls on 2024-03-01\./);
    assert.match(await press(CLAIRE, "reviewRisk", data), /Already recorded: R2 reviewed on 2023-12-01\./);
    assert.match(await press(CLAIRE, "reviewRisk", { ...data, idempotencyKey: "another-click-123" }), /risk R2 was reviewed by Claire Merchant-Jones since you opened it/);
    assert.equal((await history("R2")).length, 1);
    assert.doesNotMatch(await say(WILL, "risk R2"), /Reviewed today/, "no form for someone else");
    assert.match(await say(WILL, "risks"), /next 1 Mar 2024/);
  });

  it("qis, a QI's finding form (https only), area 1 with its success criteria, QIs and KPIs", async () => {
    assert.match(await say(WILL, "qis"), /Quality indicators/);
    const data = buttonData(await say(CLAIRE, "qi a1-qi3"), "recordFinding");
    assert.match(await press(CLAIRE, "recordFinding", { ...data, date_qi: "2023-11-30", text_qi: "Complaints down", link_qi: "http://example.org" }), /link: the link .* is not an https/);
    assert.match(await press(CLAIRE, "recordFinding", { ...data, date_qi: "2023-11-30", text_qi: "Complaints down", link_qi: "https://example.org/q", rating_qi: "green" }), /Recorded the finding for 2023-Q4\./);
    assert.match(await say(WILL, "qis"), /done for Oct–Dec 2023/);
    const area = await say(WILL, "area 1");
    assert.match(area, /Success criteria/);
    assert.match(area, /KPI 5/);
    assert.match(area, /QI 3/);
  });

  it("a lead writes commentary on their actions in one card; status 1.2 shows its lead the override form, and an override from it is recorded once", async () => {
    const card = await say(CLAIRE, "commentary");
    assert.match(card, /"id":"commentary_1_1"/);
    assert.match(card, /"id":"commentary_1_2"/);
    const saved = await press(CLAIRE, "saveCommentary", { ...buttonData(card, "saveCommentary"), commentary_1_1: "", commentary_1_2: "Provision audits in 14 schools" });
    assert.match(saved, /Saved the commentary for December 2023: 1\.2\./);
    assert.deepEqual((await history("1.2")).map((e) => e.subject), ["commentary"]);
    const status = await say(CLAIRE, "status 1.2");
    assert.match(status, /Override the overall status/);
    const willSees = await say(WILL, "status 1.2");
    assert.doesNotMatch(willSees, /Override the overall status/);
    assert.match(willSees, /\*\*What has changed\?\*\* \(December 2023, Claire Merchant-Jones\) Provision audits in 14 schools/);
    const data = { ...buttonData(status, "overrideAction"), status_override: "amber", reason_override: "Recovery plan agreed with schools" };
    assert.match(await press(CLAIRE, "overrideAction", data), /Overall status of 1\.2 set to Amber\./);
    assert.match(await press(CLAIRE, "overrideAction", data), /Already recorded\./);
    assert.match(await press(WILL, "overrideAction", data), /Only the lead of action 1\.2 or a plan admin can override its overall status\./);
    assert.equal((await bot.app.plans.view(PLAN, { fresh: true })).overrides.get("1.2")?.reason, "Recovery plan agreed with schools");
    assert.match(await say(WILL, "history 1.2"), /Overall status overridden: Recovery plan agreed with schools/);
  });
});
