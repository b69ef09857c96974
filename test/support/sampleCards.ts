import { readFileSync } from "node:fs";
import type { CardReply } from "../../src/cards/cards";
import { digestCard } from "../../src/cards/digestCard";
import { actionCommand } from "../../src/bot/commands/action";
import type { CommandContext } from "../../src/bot/commands/context";
import { kpisCommand } from "../../src/bot/commands/kpis";
import { overdueCommand } from "../../src/bot/commands/overdue";
import { risksCommand } from "../../src/bot/commands/risks";
import { statusCommand } from "../../src/bot/commands/status";
import { buildDigest, snapshotOf } from "../../src/domain/digest";
import { planSchema, type Plan } from "../../src/domain/plan";
import { viewOfPlan } from "../../src/domain/view";
import { SAMPLE_PLAN } from "./paths";
import { promptCard } from "../../src/cards/promptCard";
import { dueItems } from "../../src/domain/dueItems";
import { NO_RECORDS } from "../../src/domain/records";
import { summarisePlan } from "../../src/domain/summaries";

export const samplePlan = (): Plan => planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8")));

/** The sample plan's main cards at its progress report's date, as the commands build them. */
export function sampleCards(asOf = "2023-11-01"): Record<string, CardReply> {
  const plan = samplePlan();
  const view = viewOfPlan(plan);
  const context: CommandContext = { view, asOf, user: { aadObjectId: "aad-test", name: "Test" } };
  const board = plan.boards.find((b) => b.id === "send-partnership-board")!;
  const digest = buildDigest({ view, board, asOf, previous: { ...snapshotOf(view, "2023-10-01"), milestones: {} } });
  return {
    status: statusCommand(context),
    action: actionCommand(context, "1.2"),
    digest: digestCard(digest),
    overdue: overdueCommand(context),
    kpis: kpisCommand(context),
    risks: risksCommand(context),
    prompt: ownerPrompt(view, asOf, "gemma-reeves"),
    "prompt with 8 due items": eightItemPrompt(view, asOf),
  };
}

/** The prompt the cycle sends an owner: their overdue milestones and whatever else is due from them. */
function ownerPrompt(view: ReturnType<typeof viewOfPlan>, asOf: string, personId: string): CardReply {
  const milestones = summarisePlan(view, asOf).actions.flatMap((a) => a.milestones).filter((m) => m.daysOverdue !== null && m.owners.some((o) => o.id === personId)).map((m) => m.id);
  const items = dueItems({ view, records: view.records ?? NO_RECORDS, asOf }).get(personId) ?? [];
  return promptCard(view, milestones, items, asOf, { heading: `${milestones.length} milestones need an update`, intro: "Tell the board how these stand." });
}

/** One person with 8 due items: six overdue milestones, a KPI and a risk. */
function eightItemPrompt(view: ReturnType<typeof viewOfPlan>, asOf: string): CardReply {
  const milestones = summarisePlan(view, asOf).actions.flatMap((a) => a.milestones).filter((m) => m.daysOverdue !== null).slice(0, 6).map((m) => m.id);
  const all = [...dueItems({ view, records: view.records ?? NO_RECORDS, asOf }).values()].flat();
  const items = [all.find((i) => i.kind === "kpi")!, all.find((i) => i.kind === "risk")!];
  return promptCard(view, milestones, items, asOf, { heading: "6 milestones need an update", intro: "Tell the board how these stand." });
}
