import { memoOn } from "../../domain/memo";
import type { CardReply } from "../cards";
import type { Command } from "../parseCommand";
import { actionCommand } from "./action";
import type { CommandContext } from "./context";
import { findCommand } from "./find";
import { helpCommand } from "./help";
import { kpiCommand, kpisCommand } from "./kpis";
import { mineCommand } from "./mine";
import { overdueCommand } from "./overdue";
import { risksCommand } from "./risks";
import { statusCommand } from "./status";
import { areaCommand, qiCommand } from "./area";
import { clarifyCommand } from "./clarify";
import { thanksCommand } from "./courtesy";
import { filterCommand } from "./filter";
import { milestoneCommand } from "./milestone";
import { overdueScopedCommand, personCommand } from "./person";
import { riskCommand } from "./risk";

/** Commands that need more than the plan (people, link, update, boards, digests) are answered by the bot itself. */
export type PlanCommand = Exclude<Command, { name: "people" } | { name: "link" } | { name: "update" } | { name: "boards" } | { name: "digest" } | { name: "digestHere" } | { name: "changes" }>;

/** Answers that depend only on the plan and the date, not on who asks: the same card for everyone. */
const SHARED_ANSWERS = new Set<PlanCommand["name"]>(["status", "action", "kpis", "kpi", "risks", "help", "empty", "milestone", "risk", "qi", "area", "person", "filter", "overdueScoped"]);

/**
 * Routes a parsed command to its handler; every command answers with a card. Answers the
 * same for everyone are remembered with the plan view they came from (shared for a couple of
 * seconds), so fifty people asking "status" at once cost one rendering.
 */
export function answer(command: PlanCommand, context: CommandContext): CardReply {
  // `overdue` depends on the prompt states too: shared per states map (itself shared per plan view and records).
  if (command.name === "overdue" && context.promptStates) return memoOn(context.promptStates, `answer|overdue|${context.asOf}`, () => route(command, context));
  if (!SHARED_ANSWERS.has(command.name)) return route(command, context);
  return memoOn(context.view, `answer|${context.asOf}|${JSON.stringify(command)}`, () => route(command, context));
}

function route(command: PlanCommand, context: CommandContext): CardReply {
  switch (command.name) {
    case "help":
    case "empty":
      return helpCommand(context);
    case "status":
      return statusCommand(context);
    case "action":
      return actionCommand(context, command.actionId);
    case "mine":
      return mineCommand(context);
    case "overdue":
      return overdueCommand(context);
    case "kpis":
      return kpisCommand(context);
    case "kpi":
      return kpiCommand(context, command.kpiId);
    case "risks":
      return risksCommand(context);
    case "find":
      return findCommand(context, command.words, command.nearest);
    case "thanks":
      return thanksCommand();
    case "milestone":
      return milestoneCommand(context, command.milestoneId);
    case "overdueScoped":
      return overdueScopedCommand(context, command);
    case "risk":
      return riskCommand(context, command.riskId);
    case "qi":
      return qiCommand(context, command.qiId);
    case "area":
      return areaCommand(context, command.areaId);
    case "person":
      return personCommand(context, command.personId);
    case "filter":
      return filterCommand(context, command.filter);
    case "clarify":
      return clarifyCommand(command.readings);
  }
}
