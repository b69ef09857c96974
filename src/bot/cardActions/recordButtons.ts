import { randomUUID } from "node:crypto";
import { z } from "zod";
import { messageCard, type CardReply } from "../../cards/cards";
import { commentaryKey } from "../../cards/commentaryCard";
import { seenVersion } from "../../cards/kpiMeasurementForm";
import type { FormState } from "../../cards/recordForm";
import { todayIn } from "../../domain/dates";
import { findKpi } from "../../domain/kpis";
import { describeMonth } from "../../domain/periods";
import { mayLeadAction, mayRecordFinding, mayRecordKpi, mayReviewRisk } from "../../domain/recordPermissions";
import { RAG_STATUSES, statusWord, type RagStatus } from "../../domain/status";
import { isPlanTrackerError } from "../../errors";
import { refusal } from "../access";
import { buttonData } from "../buttonData";
import type { ButtonContext, HandlerContext } from "../commandTypes";
import { actionsFor, actionWithOverride, commentaryCommand, kpiWithForm, measurementConfirmation, qiWithForm, riskWithForm, teamsActor } from "../commands/records";

/**
 * The record forms' buttons (Record, Reviewed today, Save commentary, Save override). Their
 * data is untrusted: each schema lists every field the card sends (its inputs, as text, may
 * be absent when left empty), and nothing else. The sender is identified by aadObjectId and
 * authorised from stored data; a refusal writes nothing and comes back on the card with
 * what was typed.
 */

const key = z.string().min(8).max(64);
const id = z.string().trim().min(1).max(64);
/** A card's version: a non-negative integer, or its digits as text; true, null, [] or "" are malformed (as for milestones). */
const version = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,15}$/).transform(Number)]);

// Each button's own data; its card's inputs (value_kpi, progress_risk, commentary_1_2, …) are allowed as text by buttonData, and nothing else.
export const measurementButtonSchema = buttonData({ kpiId: id, seen: z.string().max(4000), idempotencyKey: key });
export const reviewButtonSchema = buttonData({ riskId: id, version, idempotencyKey: key });
export const findingButtonSchema = buttonData({ qiId: id, idempotencyKey: key });
export const overrideButtonSchema = buttonData({ actionId: id, version, idempotencyKey: key });
export const commentaryButtonSchema = buttonData({ idempotencyKey: key });

/** A card input as typed (buttonData has checked it is text), or undefined when absent. */
const input = (data: object, field: string): string | undefined => {
  const value = (data as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
};

export type RecordButtonNeeds = "plans" | "links" | "now" | "records";
export const RECORD_BUTTON_NEEDS = ["plans", "links", "now", "records"] as const;

/** Who pressed, as stored data says, and the plan as it stands: what the card renderers need. */
async function opened(context: ButtonContext<RecordButtonNeeds>): Promise<HandlerContext<"records" | "plans">> {
  const { services, sender, turn, planId, isAdmin } = context;
  const view = await services.plans.view(planId);
  const personId = sender.aadObjectId ? await services.links.personFor(planId, sender.aadObjectId) : undefined;
  return { planId, view, asOf: todayIn(view.plan.timeZone, services.now()), user: sender, personId, isAdmin, turn, services: { records: services.records, plans: services.plans } };
}

const blank = (value: string | undefined) => (value === undefined || value.trim() === "" ? undefined : value);

/** Runs a write; a refusal or a conflict becomes the form again, with what was typed and why. */
async function attempt<T>(write: () => Promise<T>, confirm: (result: T) => string, values: Record<string, string | undefined>, idempotencyKey: string): Promise<FormState & { ok: boolean }> {
  try {
    return { ok: true, confirmation: confirm(await write()) };
  } catch (error) {
    if (isPlanTrackerError(error, "invalid-input")) return { ok: false, values, problems: error.problems.length ? [...error.problems] : [error.message], idempotencyKey };
    // Nothing was written: a new key, so that trying again is a new request.
    if (isPlanTrackerError(error, "conflict") || isPlanTrackerError(error, "not-found")) return { ok: false, values, problems: [error.message], idempotencyKey: randomUUID() };
    throw error;
  }
}

/** After a write, the card is drawn from the plan as it now stands. */
async function fresh(context: HandlerContext<"records" | "plans">, state: FormState & { ok: boolean }): Promise<HandlerContext<"records" | "plans">> {
  return state.ok ? { ...context, view: await context.services.plans.view(context.planId) } : context;
}

export async function recordMeasurementButton(context: ButtonContext<RecordButtonNeeds>, data: z.output<typeof measurementButtonSchema>): Promise<CardReply> {
  const c = await opened(context);
  if (!mayRecordKpi(c.view.plan, data.kpiId, c)) return refusal(`the owner of ${data.kpiId} or a plan admin`, "record its measurements", "Nothing was recorded.", { title: "Not recorded" });
  const values = { part: input(data, "part_kpi"), value: input(data, "value_kpi"), date: input(data, "date_kpi"), note: input(data, "note_kpi"), link: input(data, "link_kpi") };
  const state = await attempt(
    () =>
      c.services.records.recordMeasurement(c.planId, { kpi: data.kpiId, part: blank(values.part), value: values.value ?? "", date: values.date ?? "", note: blank(values.note), link: blank(values.link) }, teamsActor(c.user), {
        idempotencyKey: `measure:${data.idempotencyKey}`,
        today: c.asOf,
        // The month's version as this card saw it: someone else's record since is not overwritten.
        expectedVersionOf: (part, period) => seenVersion(data.seen, part, period),
      }),
    measurementConfirmation,
    values,
    data.idempotencyKey,
  );
  // A KPI the plan does not have (a doctored card) has no form to come back on.
  if (!findKpi(c.view.plan, data.kpiId)) return messageCard(`Nothing was recorded. ${(state.problems ?? []).join(" ")}`, { title: "Not recorded", buttons: [{ title: "All KPIs", command: "kpis" }] });
  return kpiWithForm(await fresh(c, state), data.kpiId, state);
}

export async function reviewRiskButton(context: ButtonContext<RecordButtonNeeds>, data: z.output<typeof reviewButtonSchema>): Promise<CardReply> {
  const c = await opened(context);
  if (!mayReviewRisk(c.view.plan, data.riskId, c)) return refusal(`the owner of risk ${data.riskId} or a plan admin`, "review it", "Nothing was recorded.", { title: "Not recorded" });
  const values = { likelihood: input(data, "likelihood_risk"), impact: input(data, "impact_risk"), progress: input(data, "progress_risk"), mitigation: input(data, "mitigation_risk") };
  const state = await attempt(
    () => c.services.records.reviewRisk(c.planId, { risk: data.riskId, likelihood: blank(values.likelihood), impact: blank(values.impact), progress: values.progress, mitigation: values.mitigation }, teamsActor(c.user), { idempotencyKey: `review:${data.idempotencyKey}`, expectedVersion: data.version, today: c.asOf }),
    (r) => (r.duplicate ? `Already recorded: ${r.record.riskId} reviewed on ${r.record.reviewedOn}.` : `Reviewed ${r.record.riskId} today. The next review falls on ${r.nextReview}.`),
    values,
    data.idempotencyKey,
  );
  return riskWithForm(await fresh(c, state), data.riskId, state);
}

export async function recordFindingButton(context: ButtonContext<RecordButtonNeeds>, data: z.output<typeof findingButtonSchema>): Promise<CardReply> {
  const c = await opened(context);
  if (!mayRecordFinding(c.view.plan, data.qiId, c)) return refusal(`the owner of this quality indicator or a plan admin`, "record its findings", "Nothing was recorded.", { title: "Not recorded" });
  const values = { date: input(data, "date_qi"), text: input(data, "text_qi"), link: input(data, "link_qi"), rating: input(data, "rating_qi") };
  const state = await attempt(
    () => c.services.records.recordFinding(c.planId, { qi: data.qiId, date: values.date ?? "", text: values.text ?? "", link: blank(values.link), rating: blank(values.rating) }, teamsActor(c.user), { idempotencyKey: `finding:${data.idempotencyKey}`, today: c.asOf }),
    (r) => (r.duplicate ? "Already recorded." : `Recorded the finding for ${r.record.period}.${r.replaced ? " It replaces the earlier one, which stays in the history." : ""}`),
    values,
    data.idempotencyKey,
  );
  return qiWithForm(await fresh(c, state), data.qiId, state);
}

export async function saveCommentaryButton(context: ButtonContext<RecordButtonNeeds>, data: z.output<typeof commentaryButtonSchema>): Promise<CardReply> {
  const c = await opened(context);
  const actions = actionsFor(c);
  if (actions.length === 0) return refusal("action leads and plan admins", "write commentary", "Nothing was recorded.", { title: "Not recorded" });
  const values = Object.fromEntries(actions.map((id) => [commentaryKey(id), input(data, `commentary_${commentaryKey(id)}`)]));
  const problems: string[] = [];
  const saved: string[] = [];
  for (const actionId of actions) {
    const typed = values[commentaryKey(actionId)]?.trim();
    if (!typed) continue;
    const last = (c.view.records?.commentary ?? []).filter((x) => x.actionId === actionId).sort((a, b) => a.period.localeCompare(b.period)).pop();
    if (last && last.text === typed && last.period === c.asOf.slice(0, 7)) continue; // unchanged this month
    if (!mayLeadAction(c.view.plan, actionId, c)) continue;
    try {
      const result = await c.services.records.recordCommentary(c.planId, { action: actionId, text: typed }, teamsActor(c.user), { idempotencyKey: `commentary:${data.idempotencyKey}:${actionId}`, today: c.asOf });
      saved.push(`${actionId}${result.duplicate ? " (already recorded)" : ""}`);
    } catch (error) {
      if (!isPlanTrackerError(error, "invalid-input") && !isPlanTrackerError(error, "conflict")) throw error;
      problems.push(...(error.problems.length ? error.problems.map((p) => `${actionId} ${p}`) : [`${actionId}: ${error.message}`]));
    }
  }
  const state: FormState = problems.length > 0 ? { values, problems, idempotencyKey: data.idempotencyKey, confirmation: saved.length ? `Saved: ${saved.join(", ")}.` : "" } : { confirmation: saved.length ? `Saved the commentary for ${describeMonth(c.asOf.slice(0, 7))}: ${saved.join(", ")}.` : "Nothing changed, so nothing was saved." };
  const view = saved.length ? await c.services.plans.view(c.planId) : c.view;
  return commentaryCommand({ ...c, view }, state);
}

export async function overrideActionButton(context: ButtonContext<RecordButtonNeeds>, data: z.output<typeof overrideButtonSchema>): Promise<CardReply> {
  const c = await opened(context);
  if (!mayLeadAction(c.view.plan, data.actionId, c)) return refusal(`the lead of action ${data.actionId} or a plan admin`, "override its overall status", "Nothing was recorded.", { title: "Not recorded" });
  const values = { status: input(data, "status_override"), reason: input(data, "reason_override") };
  const status = blank(values.status)?.toLowerCase();
  const reason = blank(values.reason)?.trim();
  const problems: string[] = [];
  if (status !== "clear" && !RAG_STATUSES.includes(status as RagStatus)) problems.push("status: choose Blue, Green, Amber, Red, or Clear the override");
  if (status !== "clear" && reason === undefined) problems.push("reason: an override needs a reason");
  if (reason !== undefined && reason.length > 2000) problems.push(`reason: the reason is ${reason.length} characters; at most 2000`);
  if (problems.length > 0) return actionWithOverride(c, data.actionId, { values, problems, idempotencyKey: data.idempotencyKey });
  const override = status === "clear" ? null : { status: status as RagStatus, reason: reason! };
  const state = await attempt(
    () => c.services.records.overrideAction(c.planId, data.actionId, override, teamsActor(c.user), { idempotencyKey: `override:${data.idempotencyKey}`, expectedVersion: data.version }),
    (r) => (r.duplicate ? "Already recorded." : override ? `Overall status of ${data.actionId} set to ${statusWord(override.status)}.` : `Override of ${data.actionId} cleared; the derived status applies.`),
    values,
    data.idempotencyKey,
  );
  return actionWithOverride(await fresh(c, state), data.actionId, state);
}

export const notRecorded = () => messageCard("That request could not be read, so nothing was recorded.", { title: "Not recorded" });
