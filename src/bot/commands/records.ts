import { randomUUID } from "node:crypto";
import { messageCard, type CardReply } from "../../cards/cards";
import { areaCard } from "../../cards/areaCard";
import { commentaryCard } from "../../cards/commentaryCard";
import { historyCard } from "../../cards/historyCard";
import { kpiMeasurementForm } from "../../cards/kpiMeasurementForm";
import { qiCard, qisCard } from "../../cards/qiCards";
import type { FormState } from "../../cards/recordForm";
import { riskReviewForm } from "../../cards/riskCard";
import { riskCommand } from "./risk";
import { addDaysIso, type IsoDate } from "../../domain/dates";
import { digestThisCycle } from "../../domain/boardCalendar";
import { findKpi } from "../../domain/kpis";
import { describeMonth, MONTHS } from "../../domain/periods";
import { mayLeadAction, mayRecordFinding, mayRecordKpi, mayReviewRisk } from "../../domain/recordPermissions";
import { describeProblems } from "../../domain/recordRules";
import { isPlanTrackerError } from "../../errors";
import type { HandlerContext } from "../commandTypes";
import { actionCommand } from "./action";
import { kpiCommand } from "./kpis";

/** The Teams actor of a write: the sender's aadObjectId, their name for people to read, and the source. */
export const teamsActor = (user: { aadObjectId?: string; name: string }) => ({ id: user.aadObjectId ?? "unknown", name: user.name, source: "teams" as const });

/** `kpi 7`: the KPI, and for its owner and plan admins the Record a measurement form. */
export function kpiWithForm(context: HandlerContext, kpiId: string, state?: FormState): CardReply {
  const reply = kpiCommand(context, kpiId);
  const kpi = findKpi(context.view.plan, kpiId);
  if (reply.card !== "kpi" || !kpi || !mayRecordKpi(context.view.plan, kpi.id, context)) return reply;
  const form = kpiMeasurementForm(kpi, context.asOf, state, context.view.records?.measurements);
  return form ? { ...reply, data: { ...reply.data, form } } : reply;
}

/** "October 2023" (or "Oct 2023") as the date a measurement is for: the month's last day, or today within this month. */
export function monthDate(month: string, year: string, today: IsoDate): IsoDate | undefined {
  const index = MONTHS.findIndex((m) => m.toLowerCase() === month.toLowerCase() || m.slice(0, 3).toLowerCase() === month.toLowerCase());
  if (index < 0) return undefined;
  const first = `${year}-${String(index + 1).padStart(2, "0")}-01`;
  const next = index === 11 ? `${Number(year) + 1}-01-01` : `${year}-${String(index + 2).padStart(2, "0")}-01`;
  const last = addDaysIso(next, -1);
  return first <= today && today < last ? today : last;
}

/** What a write from Teams answers: the form again with a confirmation, or with what was typed and why it was refused. */
async function written<T>(write: () => Promise<T>, confirm: (result: T) => string, values: Record<string, string | undefined>, key: string): Promise<FormState> {
  try {
    const result = await write();
    return { confirmation: confirm(result) };
  } catch (error) {
    if (isPlanTrackerError(error, "invalid-input")) return { values, problems: error.problems.length ? [...error.problems] : [error.message], idempotencyKey: key };
    if (isPlanTrackerError(error, "conflict") || isPlanTrackerError(error, "not-found")) return { values, problems: [error.message], idempotencyKey: randomUUID() };
    throw error;
  }
}

/** `record kpi 7 117 for October 2023`: the exact grammar only; anything it refuses comes back on the KPI's form. */
export async function recordKpiTyped(context: HandlerContext<"records" | "plans">, args: { kpiId: string; part?: string; value: string; month: string; year: string }): Promise<CardReply> {
  const kpi = findKpi(context.view.plan, args.kpiId);
  if (!kpi) return messageCard(`There is no ${args.kpiId} in this plan; it has ${context.view.plan.kpis.map((k) => k.id).join(", ")}.`, { buttons: [{ title: "All KPIs", command: "kpis" }] });
  const date = monthDate(args.month, args.year, context.asOf);
  const values = { part: args.part, value: args.value, date: date ?? `${args.month} ${args.year}` };
  const key = randomUUID();
  const state: FormState = date
    ? await written(
        () => context.services.records.recordMeasurement(context.planId, { kpi: kpi.id, part: args.part, value: args.value, date }, teamsActor(context.user), { idempotencyKey: key }),
        (r) => measurementConfirmation(r),
        values,
        key,
      )
    : { values, problems: [`date: "${args.month} ${args.year}" is not a month`] };
  const fresh = state.confirmation ? await context.services.plans.view(context.planId) : context.view;
  return kpiWithForm({ ...context, view: fresh }, kpi.id, state);
}

export function measurementConfirmation(r: { record: { kpiId: string; part: string; value: number; period: string }; replaced?: { value: number; byName: string }; duplicate: boolean }): string {
  const label = `${r.record.kpiId}${r.record.part ? ` (${r.record.part})` : ""}`;
  if (r.duplicate) return `Already recorded: ${label} ${r.record.value} for ${describeMonth(r.record.period)}.`;
  return `Recorded ${label}: ${r.record.value} for ${describeMonth(r.record.period)}.${r.replaced ? ` It replaces ${r.replaced.value} recorded by ${r.replaced.byName}, which stays in the history.` : ""}`;
}

/** `risk R3`: the risk, and for its owner and plan admins the Review form. */
export function riskWithForm(context: HandlerContext, riskId: string, state?: FormState): CardReply {
  const reply = riskCommand(context, riskId);
  const risk = context.view.plan.risks.find((r) => r.id.toLowerCase() === riskId.toLowerCase());
  if (reply.card !== "risk" || !risk || !mayReviewRisk(context.view.plan, risk.id, context)) return reply;
  const version = context.view.records?.versions?.[`risk:${risk.id}`] ?? 0;
  return { ...reply, data: { ...reply.data, form: riskReviewForm(context.view, risk.id, { ...state, version, today: context.asOf }) } };
}

/** `qi a1-qi3`: the QI's findings, and for its owner and plan admins the finding form. */
export function qiWithForm(context: HandlerContext, qiId: string, state?: FormState): CardReply {
  const allowed = mayRecordFinding(context.view.plan, qiId, context);
  return qiCard(context.view, qiId, context.asOf, allowed ? { ...state, today: context.asOf } : undefined);
}

export const qisCommand = (context: HandlerContext) => qisCard(context.view, context.asOf);
export const areaCommand = (context: HandlerContext, areaId: string) => areaCard(context.view, areaId, context.asOf);

/** `history 1.2.4|kpi 7|R3|1.2`. */
export async function historyCommand(context: HandlerContext<"records">, target: string): Promise<CardReply> {
  try {
    const { target: found, entries } = await context.services.records.history(context.planId, target);
    return historyCard(found as Parameters<typeof historyCard>[0], entries);
  } catch (error) {
    if (isPlanTrackerError(error, "not-found")) return messageCard(`${error.message}. Try "history 1.2.4", "history 1.2", "history kpi 7" or "history R3".`, { buttons: [] });
    throw error;
  }
}

/** The actions whose commentary this person writes: those they lead; every action for an admin linked to none. */
export function actionsFor(context: Pick<HandlerContext, "view" | "personId" | "isAdmin">): string[] {
  const led = context.view.plan.actions.filter((a) => a.lead === context.personId).map((a) => a.id);
  return led.length > 0 || !context.isAdmin ? led : context.view.plan.actions.map((a) => a.id);
}

/** `commentary`: one text box per action the sender leads, prefilled with the last commentary. */
export function commentaryCommand(context: HandlerContext, state?: FormState): CardReply {
  return commentaryCard(context.view, actionsFor(context), context.asOf, { ...state, digestOn: digestThisCycle(context.view.plan, context.asOf) });
}

/** `status 1.2`: for its lead and plan admins, with the override form. */
export function actionWithOverride(context: HandlerContext, actionId: string, state?: FormState): CardReply {
  const reply = actionCommand(context, actionId);
  if (reply.card !== "actionDetail" || !mayLeadAction(context.view.plan, actionId, context)) return reply;
  const override = context.view.overrides.get(actionId);
  const form = {
    actionId,
    version: String(context.view.records?.versions?.[`action:${actionId}`] ?? 0),
    status: state?.values?.status ?? override?.status ?? "",
    reason: state?.values?.reason ?? override?.reason ?? "",
    problems: state?.problems ?? [],
    confirmation: state?.confirmation ?? "",
    idempotencyKey: state?.idempotencyKey ?? randomUUID(),
  };
  return { ...reply, data: { ...reply.data, overrideForm: form } };
}

export { describeProblems };
