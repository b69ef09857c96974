import { displayDate } from "../dates";
import type { Plan } from "../plan";
import { statusWord } from "../status";
import type { Reading } from "./recognize";

const nameOf = (plan: Plan, id: string | undefined) => plan.people.find((p) => p.id === id)?.name ?? id ?? "";
const boardName = (plan: Plan, id: string | undefined) => plan.boards.find((b) => b.id === id)?.name ?? id ?? "";
const qiOf = (plan: Plan, id: string | undefined) => plan.qis.find((q) => q.id === id);
const kpiText = (id: string) => id.replace(/^KPI (\d+)([ab]?)$/, (_, n: string, part: string) => `kpi ${n}${part}`);

/**
 * The words that ask for a reading, for a button: typed back, they are recognised as the
 * same reading (a test checks every reading the phrasing table gives).
 */
export function textOf(reading: Reading, plan: Plan): string {
  const a = reading.args;
  const scope = [a.actionId ? `in ${a.actionId}` : "", a.areaId ? `in area ${a.areaId}` : "", a.personId ? `for ${nameOf(plan, a.personId)}` : ""].filter(Boolean).join(" ");
  switch (reading.name) {
    case "action": return `status ${a.actionId}`;
    case "milestone": return `milestone ${a.milestoneId}`;
    case "kpi": return kpiText(a.kpiId ?? "");
    case "risk": return `risk ${a.riskId}`;
    case "qi": { const qi = qiOf(plan, a.qiId); return qi ? `${qi.ref} in area ${qi.area}` : `${a.qiId}`; }
    case "area": return `area ${a.areaId}`;
    case "person": return `what does ${nameOf(plan, a.personId)} own`;
    case "overdue": return scope ? `overdue ${scope}` : "overdue";
    case "filter": return `${a.status} ${a.kind ?? "milestones"}${scope ? ` ${scope}` : ""}`;
    case "boards": return a.board ? `next meeting of the ${boardName(plan, a.board)}` : "boards";
    case "digest": return a.board ? `digest ${a.board}` : "digest";
    case "changes": return `what changed since ${a.period ? (a.period.since === "last-board" ? "the last board" : displayDate(a.period.since)) : "the last board"}`;
    case "update": return a.status ? `mark ${a.milestoneId} ${a.status}` : `update ${a.milestoneId}`;
    case "find": return `find ${a.words ?? ""}`;
    case "issues": return a.actionId ? `issues for ${a.actionId}` : "issues";
    case "escalations": return a.board ? `escalated to ${boardName(plan, a.board)}` : "escalations";
    case "externalReviews": return "external recommendations";
    case "checkpoints": return `checkpoints ${a.milestoneId}`;
    default: return reading.name;
  }
}

/** A short title for a reading's button: "Sam Mannion", "QI 2 of area 1". */
export function labelOf(reading: Reading, plan: Plan): string {
  const a = reading.args;
  switch (reading.name) {
    case "action": return `Action ${a.actionId}`;
    case "milestone": return `Milestone ${a.milestoneId}`;
    case "kpi": return a.kpiId ?? "KPI";
    case "risk": return `Risk ${a.riskId}`;
    case "qi": { const qi = qiOf(plan, a.qiId); return qi ? `${qi.ref} of area ${qi.area}` : `${a.qiId}`; }
    case "area": return `Area ${a.areaId}`;
    case "person": return `${nameOf(plan, a.personId)}'s work`;
    case "overdue": return a.personId ? `Overdue for ${nameOf(plan, a.personId)}` : a.actionId ? `Overdue in ${a.actionId}` : a.areaId ? `Overdue in area ${a.areaId}` : "Overdue";
    case "filter": return `${statusWord(a.status ?? "unrated")} ${a.kind ?? "milestones"}${a.personId ? ` of ${nameOf(plan, a.personId)}` : ""}${a.areaId ? ` in area ${a.areaId}` : ""}${a.actionId ? ` in ${a.actionId}` : ""}`;
    case "boards": return a.board ? `${boardName(plan, a.board)}: next meeting` : "Board meetings";
    case "digest": return a.board ? `Digest: ${boardName(plan, a.board)}` : "Digest";
    case "changes": return "What changed";
    case "update": return a.status ? `Update ${a.milestoneId} to ${statusWord(a.status)}` : `Update ${a.milestoneId}`;
    case "find": return `Search "${a.words ?? ""}"`;
    case "status": return "Plan status";
    case "issues": return a.actionId ? `Issues for ${a.actionId}` : "Issues log";
    case "escalations": return a.board ? `Escalated to ${boardName(plan, a.board)}` : "Escalated to boards";
    case "externalReviews": return "External reviews";
    case "checkpoints": return `Checkpoints of ${a.milestoneId}`;
    case "mine": return "My actions";
    case "kpis": return "KPIs";
    case "risks": return "Risks";
    case "help": return "Help";
    case "thanks": return "Thanks";
    case "people": return "People";
    default: return reading.name;
  }
}
