import { displayDate, type IsoDate } from "./dates";
import { describeMonth, describeQiPeriod, monthOf, previousMonth, qiPeriodOf } from "./periods";
import { allMilestones, kpiMeasures, measureOwner } from "./plan";
import { checkpointsInCycle, milestoneCheckpoints } from "./milestoneCheckpoints";
import type { PlanRecords } from "./records";
import { riskStatus } from "./risks";
import type { PlanView } from "./view";

/**
 * Besides milestones, what each person is due to be asked for this cycle: KPI
 * measurements, risk reviews, QI findings and action leads' commentary. Pure; the
 * prompt cycle puts a person's milestones and these items in their one message.
 */

export type DueItem =
  | { kind: "kpi"; kpiId: string; part: string; label: string; period: string; reason: string }
  | { kind: "risk"; riskId: string; reason: string }
  | { kind: "qi"; qiId: string; period: string; reason: string }
  | { kind: "commentary"; actionId: string; period: string; reason: string }
  /** A milestone's checkpoints that fall in this cycle's month, asked about together (issue 23). */
  | { kind: "checkpoint"; milestoneId: string; dates: IsoDate[]; period: string; reason: string };

/** A stable id for an item, stored in the prompt's record so it is not asked twice in a cycle. */
export function dueItemId(item: DueItem): string {
  switch (item.kind) {
    case "kpi":
      return `kpi:${item.kpiId}${item.part ? `:${item.part}` : ""}`;
    case "risk":
      return `risk:${item.riskId}`;
    case "qi":
      return `qi:${item.qiId}`;
    case "commentary":
      return `commentary:${item.actionId}`;
    case "checkpoint":
      return `checkpoint:${item.milestoneId}`;
  }
}

/** Item ids have a ":" ("kpi:KPI 7"), which a milestone id never has (ids are key-safe). */
export const isDueItemId = (id: string) => id.includes(":");

export interface DueItemsInput {
  view: PlanView;
  records: PlanRecords;
  asOf: IsoDate;
  /** The board digest falling within this cycle, if any: leads are asked for commentary before it. */
  digestThisCycle?: IsoDate;
}

/** Each person's due items, in plan order: KPIs, then risks, QIs and commentary. */
export function dueItems(input: DueItemsInput): Map<string, DueItem[]> {
  const { view, records, asOf } = input;
  const plan = view.plan;
  const byPerson = new Map<string, DueItem[]>();
  const add = (person: string | undefined, item: DueItem) => {
    if (person === undefined) return;
    byPerson.set(person, [...(byPerson.get(person) ?? []), item]);
  };

  // KPIs are refreshed monthly: asked when nothing is recorded for the month before.
  const lastMonth = previousMonth(asOf);
  for (const kpi of plan.kpis) {
    for (const measure of kpiMeasures(kpi)) {
      if (measure.unit === "milestone") continue; // judged by the board, not measured
      if (measure.measurements.some((m) => monthOf(m.date) === lastMonth)) continue;
      const label = measure.id ? `${kpi.id}${measure.id}` : kpi.id;
      add(measureOwner(kpi, measure), { kind: "kpi", kpiId: kpi.id, part: measure.id, label, period: lastMonth, reason: `no measurement for ${describeMonth(lastMonth)}` });
    }
  }

  for (const risk of plan.risks) {
    const status = riskStatus(risk, asOf);
    if (status.dueForReview) add(risk.owner, { kind: "risk", riskId: risk.id, reason: `review due ${displayDate(status.reviewDue)}` });
  }

  for (const qi of plan.qis) {
    const period = qiPeriodOf(qi.cadence, asOf);
    if (period === undefined) continue; // gathered as it becomes available
    if (records.findings.some((f) => f.qiId === qi.id && f.period === period)) continue;
    add(qi.owner, { kind: "qi", qiId: qi.id, period, reason: `no finding for ${describeQiPeriod(period)} (${qi.cadence})` });
  }

  // Checkpoints inside milestones: those falling in this cycle's month, once, to each owner (else the action lead).
  const cycle = monthOf(asOf);
  for (const { action, milestone } of allMilestones(plan)) {
    if (milestone.checkpoints === undefined) continue;
    const dates = checkpointsInCycle(milestoneCheckpoints(milestone, plan.startDate, records.checkpoints ?? [], asOf), cycle);
    if (dates.length === 0) continue;
    const item: DueItem = { kind: "checkpoint", milestoneId: milestone.id, dates, period: cycle, reason: `checkpoint${dates.length === 1 ? "" : "s"} ${dates.map(displayDate).join(", ")}` };
    const owners = milestone.owners.length > 0 ? milestone.owners : [action.lead];
    for (const owner of owners) add(owner, item);
  }

  if (input.digestThisCycle !== undefined) {
    const period = monthOf(asOf);
    for (const action of plan.actions) {
      if (records.commentary.some((c) => c.actionId === action.id && c.period === period)) continue;
      add(action.lead, { kind: "commentary", actionId: action.id, period, reason: `for the board digest of ${displayDate(input.digestThisCycle)}` });
    }
  }
  return byPerson;
}
