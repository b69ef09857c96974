import { randomUUID } from "node:crypto";
import type { TurnContext } from "botbuilder";
import type { LogFunction } from "./logger";
import type { Telemetry } from "../telemetry/telemetry";

/** Where a turn keeps its correlation id, so the turn error handler quotes the same id to the user. */
export const CORRELATION_ID_KEY = Symbol("planTracker.correlationId");

export const correlationIdOf = (context: TurnContext): string | undefined => context.turnState.get(CORRELATION_ID_KEY) as string | undefined;

/** The first word of a command, when it is one: anything else is "free-text", so what a person typed is never logged. */
const COMMAND_WORDS = new Set(["help", "status", "action", "mine", "my", "overdue", "kpis", "kpi", "risks", "find", "people", "link", "update", "digest", "boards"]);

function commandWord(text: unknown): string {
  if (typeof text !== "string") return "none";
  const word = text.replace(/<at>[^<]*<\/at>/gi, " ").trim().split(/\s+/)[0]?.toLowerCase() ?? "";
  if (word === "") return "none";
  if (/^\d+(\.\d+)*\??$/.test(word)) return "status";
  return COMMAND_WORDS.has(word) ? word : "free-text";
}

/** What a turn asked for, in words safe to log: a command's first word, a card verb, or the invoke's name. */
export function commandOf(activity: TurnContext["activity"]): string {
  const value = activity.value as { verb?: unknown; action?: { verb?: unknown; data?: { command?: unknown } } } | undefined;
  if (activity.type === "invoke") {
    const verb = value?.action?.verb;
    if (verb === "command") return commandWord(value?.action?.data?.command);
    return typeof verb === "string" && /^[A-Za-z]{1,40}$/.test(verb) ? verb : String(activity.name ?? "invoke").slice(0, 60);
  }
  if (activity.type === "message") {
    if (typeof value?.verb === "string" && !activity.text) return /^[A-Za-z]{1,40}$/.test(value.verb) ? value.verb : "card";
    return commandWord(activity.text);
  }
  return "none";
}

/**
 * Wraps a turn so it leaves exactly one info line: correlation id, activity type, command,
 * duration and outcome — never the message text or who sent it — and, with telemetry on, one span.
 */
export function withTurnLog(runTurn: (context: TurnContext) => Promise<void>, log: LogFunction, telemetry: Telemetry): (context: TurnContext) => Promise<void> {
  return async (context) => {
    const correlationId = randomUUID().slice(0, 8);
    context.turnState.set(CORRELATION_ID_KEY, correlationId);
    const started = performance.now();
    const command = commandOf(context.activity);
    let outcome = "ok";
    try {
      await telemetry.span("turn", { "plan_tracker.activity_type": context.activity.type, "plan_tracker.command": command, "plan_tracker.correlation_id": correlationId }, () => runTurn(context));
    } catch (error) {
      outcome = "error";
      throw error;
    } finally {
      log("turn", {
        correlationId,
        activityId: context.activity.id,
        activityType: context.activity.type,
        command,
        durationMs: Math.round(performance.now() - started),
        outcome,
      });
    }
  };
}
