import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { dueFollowUps, type SentPrompt } from "../../src/domain/followUps";
import { planSchema } from "../../src/domain/plan";
import { viewOfPlan } from "../../src/domain/view";
import { SAMPLE_PLAN } from "../support/paths";

const view = viewOfPlan(planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8"))));
const rules = { reminderAfter: 3, escalateAfter: 3 };
// Gemma owns 1.2.1 and 1.2.4; Claire Merchant-Jones leads action 1.2.
const asked: SentPrompt = { ownerId: "gemma-reeves", recipient: "gemma-reeves", milestoneIds: ["1.2.1", "1.2.4"], sentAt: "2023-11-01T10:00:00.000Z", askedOn: "2023-11-01" };
const update = (milestoneId: string, at: string, source = "teams") => ({ milestoneId, at, source });

describe("reminders and escalation", () => {
  const cases: { name: string; prompt: SentPrompt; updates?: ReturnType<typeof update>[]; asOf: string; reminders: string[][]; escalations: [string, string[]][] }[] = [
    { name: "two working days after asking: nothing yet", prompt: asked, asOf: "2023-11-03", reminders: [], escalations: [] },
    // Asked Wednesday 1 Nov: Thu, Fri, Mon are three working days; the weekend does not count.
    { name: "three working days after (over a weekend): one reminder", prompt: asked, asOf: "2023-11-06", reminders: [["1.2.1", "1.2.4"]], escalations: [] },
    { name: "an answered milestone is not reminded", prompt: asked, updates: [update("1.2.1", "2023-11-02T09:00:00.000Z")], asOf: "2023-11-06", reminders: [["1.2.4"]], escalations: [] },
    { name: "an update before the prompt is not an answer", prompt: asked, updates: [update("1.2.1", "2023-10-30T09:00:00.000Z")], asOf: "2023-11-06", reminders: [["1.2.1", "1.2.4"]], escalations: [] },
    { name: "a re-import is not an answer", prompt: asked, updates: [update("1.2.1", "2023-11-02T09:00:00.000Z", "import"), update("1.2.4", "2023-11-02T09:00:00.000Z")], asOf: "2023-11-06", reminders: [["1.2.1"]], escalations: [] },
    { name: "everything answered: no reminder", prompt: asked, updates: [update("1.2.1", "2023-11-02T09:00:00.000Z"), update("1.2.4", "2023-11-02T09:00:00.000Z")], asOf: "2023-11-20", reminders: [], escalations: [] },
    { name: "reminded: not reminded again", prompt: { ...asked, remindedOn: "2023-11-06" }, asOf: "2023-11-08", reminders: [], escalations: [] },
    { name: "three working days after the reminder: the lead is told", prompt: { ...asked, remindedOn: "2023-11-06" }, asOf: "2023-11-09", reminders: [], escalations: [["claire-merchant-jones", ["1.2.1", "1.2.4"]]] },
    { name: "escalated: not again", prompt: { ...asked, remindedOn: "2023-11-06", escalatedOn: "2023-11-09" }, asOf: "2023-11-30", reminders: [], escalations: [] },
    // Christmas: 25 and 26 Dec 2023 are bank holidays, so three working days after Fri 22 Dec is Fri 29 Dec.
    { name: "bank holidays do not count", prompt: { ...asked, askedOn: "2023-12-22" }, asOf: "2023-12-28", reminders: [], escalations: [] },
    { name: "bank holidays do not count (the day it is due)", prompt: { ...asked, askedOn: "2023-12-22" }, asOf: "2023-12-29", reminders: [["1.2.1", "1.2.4"]], escalations: [] },
    { name: "a lead asked on an owner's behalf is not escalated to themselves", prompt: { ownerId: "camilla-hutchings", recipient: "claire-merchant-jones", milestoneIds: ["1.2.5"], sentAt: asked.sentAt, askedOn: "2023-11-01", remindedOn: "2023-11-06" }, asOf: "2023-11-20", reminders: [], escalations: [] },
    { name: "a lead who owns the milestone is not escalated to themselves", prompt: { ownerId: "claire-merchant-jones", recipient: "claire-merchant-jones", milestoneIds: ["1.2.2"], sentAt: asked.sentAt, askedOn: "2023-11-01", remindedOn: "2023-11-06" }, asOf: "2023-11-20", reminders: [], escalations: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = dueFollowUps(view, [c.prompt], c.updates ?? [], c.asOf, rules);
      assert.deepEqual(result.reminders.map((r) => r.milestones), c.reminders);
      assert.deepEqual(result.escalations.map((e) => [e.leadId, e.milestones]), c.escalations);
    });
  }
});
