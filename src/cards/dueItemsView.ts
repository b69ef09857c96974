import type { DueItem } from "../domain/dueItems";
import { findKpi } from "../domain/kpis";
import { findQi } from "../domain/recordRules";
import { findAction, findMilestone, type PlanView } from "../domain/view";

/**
 * The rows of "Also due from you" on a prompt: each KPI, risk, QI or commentary the
 * person is asked for this cycle, with a button that opens its form.
 */
export function dueItemRows(view: PlanView, items: DueItem[]) {
  const commentary = items.filter((i) => i.kind === "commentary");
  const rows = items.flatMap((item) => {
      switch (item.kind) {
        case "kpi":
          return [{ label: item.label, title: findKpi(view.plan, item.kpiId)?.title ?? "", reason: item.reason, buttonTitle: `Record ${item.label}`, command: item.kpiId.toLowerCase() }];
        case "risk":
          return [{ label: item.riskId, title: view.plan.risks.find((r) => r.id === item.riskId)?.risk ?? "", reason: item.reason, buttonTitle: `Review ${item.riskId}`, command: `risk ${item.riskId}` }];
        case "qi": {
          const qi = findQi(view.plan, item.qiId);
          return [{ label: qi ? `${qi.ref} (area ${qi.area})` : item.qiId, title: qi?.title ?? "", reason: item.reason, buttonTitle: "Record a finding", command: `qi ${item.qiId}` }];
        }
        case "commentary":
          return []; // one row for all of them, below
        case "checkpoint":
          return [{ label: `${item.milestoneId} checkpoints`, title: findMilestone(view.plan, item.milestoneId)?.milestone.title ?? "", reason: item.reason, buttonTitle: `Checkpoints of ${item.milestoneId}`, command: `checkpoints ${item.milestoneId}` }];
      }
    });
  if (commentary.length > 0) {
    const ids = commentary.map((c) => (c.kind === "commentary" ? c.actionId : ""));
    rows.push({
      label: "What has changed?",
      title: ids.map((id) => `${id} ${findAction(view.plan, id)?.shortTitle ?? ""}`.trim()).join("; "),
      reason: commentary[0]!.reason,
      buttonTitle: "Write commentary",
      command: "commentary",
    });
  }
  return rows;
}
