import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { applyRecords } from "../../src/domain/applyRecords";
import { expandCard, type CardReply } from "../../src/cards/cards";
import { kpiCommand } from "../../src/bot/commands/kpis";
import { actionCommand } from "../../src/bot/commands/action";
import { areaCard } from "../../src/cards/areaCard";
import { commentaryCard, commentaryKey } from "../../src/cards/commentaryCard";
import { historyCard } from "../../src/cards/historyCard";
import { kpiMeasurementForm } from "../../src/cards/kpiMeasurementForm";
import { qiCard, qisCard } from "../../src/cards/qiCards";
import { riskWithForm } from "../../src/bot/commands/records";
import { dueItemRows } from "../../src/cards/dueItemsView";
import { dueItems } from "../../src/domain/dueItems";
import { findKpi } from "../../src/domain/kpis";
import { planSchema, type Plan } from "../../src/domain/plan";
import { NO_RECORDS, type PlanRecords } from "../../src/domain/records";
import { viewOfPlan, type PlanView } from "../../src/domain/view";
import { cardProblems } from "../support/cardCheck";
import { buildDigest, snapshotOf } from "../../src/domain/digest";
import { digestCard } from "../../src/cards/digestCard";
import { SAMPLE_PLAN } from "../support/paths";

const sample = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));
const stamp = { at: "2023-11-02T10:00:00.000Z", by: "aad-1", byName: "Claire Merchant-Jones", source: "teams", version: 1 };
const records: PlanRecords = {
  ...NO_RECORDS,
  findings: [{ ...stamp, qiId: "a1-qi3", period: "2023-Q4", date: "2023-11-02", text: "Audit shows consistent practice", rating: "green", link: "https://example.org/audit" }],
  commentary: [{ ...stamp, actionId: "1.2", period: "2023-10", text: "Audits started" }],
};
function view(): PlanView {
  const plan = applyRecords(sample(), records);
  return { ...viewOfPlan(plan), records };
}
const ASOF = "2023-11-15";

function valid(reply: CardReply): string {
  const card = expandCard(reply);
  assert.deepEqual(cardProblems(card), [], reply.card);
  return JSON.stringify(card);
}

describe("record cards", () => {
  it("the digest card shows the leads' commentary, the QIs without a finding and what was recorded since the last board", () => {
    const v = view();
    const withMeasurement: PlanView = { ...v, records: { ...records, measurements: [{ ...stamp, kpiId: "KPI 7", part: "", period: "2023-11", date: "2023-11-10", value: 110 }] } };
    const board = v.plan.boards.find((b) => b.id === "send-partnership-board")!;
    const digest = buildDigest({ view: withMeasurement, board, asOf: ASOF, previous: snapshotOf(v, "2023-11-01") });
    const json = valid(digestCard(digest));
    assert.match(json, /What has changed\? \(action leads\)/);
    assert.match(json, /\*\*1\.2\*\* .*\(Claire Merchant-Jones\): Audits started/);
    assert.match(json, /Quality indicators with no finding this period/);
    assert.match(json, /\*\*KPI 7\*\* measured 110 on 10 Nov 2023/);
  });

  it("kpi 7 with the Record a measurement form: valid, and a refused submission comes back with what was typed and why", () => {
    const v = view();
    const reply = kpiCommand({ view: v, asOf: ASOF, user: { name: "x" } }, "KPI 7");
    const form = kpiMeasurementForm(findKpi(v.plan, "7")!, ASOF, { values: { value: "lots", date: "2023-10-31", note: "n" }, problems: ['value: "lots" is not a number'] });
    const json = valid({ ...reply, data: { ...reply.data, form } });
    assert.match(json, /Record a measurement/);
    assert.match(json, /"value":"lots"/);
    assert.match(json, /• value: \\"lots\\" is not a number/);
    assert.match(json, /"verb":"recordMeasurement"/);
    assert.doesNotMatch(valid(reply), /Record a measurement/, "no form unless given");
  });

  it("a two-part KPI's form asks which part; a milestone KPI has no form", () => {
    const v = view();
    const form = kpiMeasurementForm(findKpi(v.plan, "5")!, ASOF);
    assert.deepEqual(form?.parts.map((p) => p.value), ["a", "b"]);
    assert.equal(form?.date, "2023-10-31", "the month just ended");
    const reply = kpiCommand({ view: v, asOf: ASOF, user: { name: "x" } }, "KPI 5");
    valid({ ...reply, data: { ...reply.data, form } });
    assert.equal(kpiMeasurementForm(findKpi(v.plan, "14")!, ASOF), undefined);
  });

  it("risk R3 with its Review form, and without", () => {
    const v = view();
    const admin = { view: v, asOf: ASOF, user: { name: "x" }, isAdmin: true } as unknown as Parameters<typeof riskWithForm>[0];
    assert.match(valid(riskWithForm(admin, "R3")), /"verb":"reviewRisk"/);
    assert.doesNotMatch(valid(riskWithForm({ ...admin, isAdmin: false } as typeof admin, "r3")), /reviewRisk/);
    assert.equal(riskWithForm(admin, "R99").card, "message");
  });

  it("qis, a QI with its finding form, area 1 with its success criteria, QIs and KPIs", () => {
    const v = view();
    const list = valid(qisCard(v, ASOF));
    assert.match(list, /done for Oct–Dec 2023/);
    assert.match(valid(qiCard(v, "a1-qi3", ASOF, { today: ASOF })), /"verb":"recordFinding"/);
    const area = valid(areaCard(v, "1", ASOF));
    for (const criterion of v.plan.areas[0]!.successCriteria) assert.ok(area.includes(criterion.slice(0, 40)), criterion);
    assert.match(area, /KPI 1/);
    assert.match(area, /QI 3/);
  });

  it("the commentary card has one text box per action, prefilled with the last commentary", () => {
    const json = valid(commentaryCard(view(), ["1.1", "1.2"], ASOF));
    assert.match(json, new RegExp(`"id":"commentary_${commentaryKey("1.2")}"[^}]*"value":"Audits started"`));
    assert.match(json, /"id":"commentary_1_1"/);
  });

  it("the override form on status 1.2, history, and the prompt's due items", () => {
    const v = view();
    const action = actionCommand({ view: v, asOf: ASOF, user: { name: "x" } }, "1.2");
    const overrideForm = { actionId: "1.2", version: "0", status: "amber", reason: "", problems: [], confirmation: "", idempotencyKey: "k-123456789" };
    assert.match(valid({ ...action, data: { ...action.data, overrideForm } }), /"verb":"overrideAction"/);
    const history = valid(historyCard({ subject: "kpi", id: "KPI 7", label: "KPI 7" }, [{ at: "2023-11-02T10:00:00.000Z", byName: "Claire", source: "teams", note: "KPI 7 measured 110", subject: "kpi" }]));
    assert.match(history, /Claire \(Teams\)/);
    const items = dueItems({ view: v, records, asOf: "2023-12-01", digestThisCycle: "2023-12-20" }).get("claire-merchant-jones")!;
    const rows = dueItemRows(v, items);
    assert.ok(rows.some((r) => r.command === "kpi 7") && rows.some((r) => r.command === "risk R1") && rows.some((r) => r.command === "commentary"));
    assert.equal(rows.filter((r) => r.command === "commentary").length, 1, "one commentary row for all of a lead's actions");
  });
});
