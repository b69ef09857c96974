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
  };
}
