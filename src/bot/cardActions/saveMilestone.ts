import { z } from "zod";
import { displayDate, isIsoDate } from "../../domain/dates";
import { RAG_STATUSES, statusWord, type RagStatus } from "../../domain/status";
import { isPlanTrackerError } from "../../errors";
import { messageCard, type CardReply } from "../../cards/cards";
import { inputKey, milestoneUpdateCard, type TypedInput } from "../../cards/milestoneUpdateCard";
import { openCardAction, type Presser, type SaveMilestoneDependencies } from "./openCardAction";

export const MAX_NOTE = 2000;

const inputsSchema = z.object({
  status: z.enum(RAG_STATUSES, { error: "Choose Blue, Green, Amber or Red." }),
  note: z.string().trim().max(MAX_NOTE, { error: `The note is longer than ${MAX_NOTE} characters.` }).optional(),
  revisedDue: z.string().trim().refine(isIsoDate, { error: "The revised due date is not a date." }).optional(),
  evidence: z.url({ protocol: /^https$/, error: "The evidence link must be an https:// address." }).optional(),
});

const blankAsUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/**
 * Save on a milestone update card. The submission is untrusted: it is validated, the
 * sender is identified by aadObjectId and authorised from stored data, and it is
 * written only if the milestone is still at the version the card showed. Every refusal
 * says why and writes nothing.
 */
export async function saveMilestone(deps: SaveMilestoneDependencies, data: unknown, sender: Presser): Promise<CardReply> {
  const opened = await openCardAction(deps, "save", data, sender);
  if ("refusal" in opened) return opened.refusal;
  const { planId, view, asOf, milestoneId, version, idempotencyKey, personId, action } = opened.context;

  const raw = data as Record<string, unknown>;
  const key = inputKey(milestoneId);
  const text = (name: string) => (typeof raw[name] === "string" ? (raw[name] as string) : undefined);
  const typedStatus = text(`status_${key}`);
  // Each answer on the card (Done, On track, At risk, Off track) has its own inputs, named with its status
  // (note_1_2_4_amber); a card with one set of inputs names them without (note_1_2_4).
  const answerInput = (field: string) => (typedStatus && /^[a-z]{1,10}$/.test(typedStatus) ? text(`${field}_${key}_${typedStatus}`) : undefined) ?? text(`${field}_${key}`);
  const typed: TypedInput = { status: typedStatus, note: answerInput("note"), revisedDue: answerInput("revisedDue"), evidence: answerInput("evidence") };
  const again = (notice: string) => milestoneUpdateCard(view, [milestoneId], asOf, { notice, typed: { [milestoneId]: typed } });

  // A double click or a retried invoke carries the same key; it may have been recorded already.
  const recordedEarlier = async () => {
    const earlier = (await deps.plans.milestoneHistory(planId, milestoneId)).find((entry) => entry.idempotencyKey === idempotencyKey);
    return earlier && confirmation(milestoneId, action.id, earlier.oldStatus ?? "unrated", earlier.newStatus ?? "unrated", earlier.note, earlier.revisedDue, earlier.evidence);
  };
  // The key alone decides: a key already recorded gets the recorded result, whatever version the request carries.
  const earlier = await recordedEarlier();
  if (earlier) return earlier;
  let latest = view;
  if ((view.milestones.get(milestoneId)?.version ?? 0) !== version) {
    // What this process read a moment ago may be behind another instance's write: look again before refusing.
    latest = await deps.plans.view(planId, { fresh: true });
  }
  const current = latest.milestones.get(milestoneId);

  const inputs = inputsSchema.safeParse({
    status: blankAsUndefined(typed.status),
    note: blankAsUndefined(typed.note),
    revisedDue: blankAsUndefined(typed.revisedDue),
    evidence: blankAsUndefined(typed.evidence),
  });
  if (!inputs.success) return again(`Not saved: ${inputs.error.issues.map((i) => i.message).join(" ")}`);
  const { status, note, revisedDue, evidence } = inputs.data;
  const oldStatus = current?.status ?? "unrated";
  // Done (Blue) needs no note, only an optional evidence link; Amber and Red, and any other change, say why.
  if (!note && status !== "blue" && (status === "amber" || status === "red" || status !== oldStatus)) {
    return again(`Not saved: a progress note is needed when the status is ${statusWord(status)}${status !== oldStatus ? " or changes" : ""}.`);
  }
  if (revisedDue !== undefined && revisedDue < asOf) return again(`Not saved: the revised due date ${displayDate(revisedDue)} is in the past.`);
  if ((current?.version ?? 0) !== version) {
    return milestoneUpdateCard(latest, [milestoneId], asOf, {
      notice: `Not saved: ${current?.updatedBy ?? "someone"} updated this milestone since this card was made (it is now ${statusWord(oldStatus)}). Here it is as it stands now, with what you typed.`,
      typed: { [milestoneId]: typed },
    });
  }
  try {
    await deps.plans.recordMilestoneUpdate(planId, milestoneId, { status: status as RagStatus, note, revisedDue, evidence, idempotencyKey }, { id: sender.aadObjectId ?? "unknown", name: sender.name, source: "teams" }, version);
  } catch (error) {
    if (!isPlanTrackerError(error, "conflict")) throw error;
    const earlier = await recordedEarlier(); // a retried invoke racing its first attempt
    if (earlier) return earlier;
    const fresh = await deps.plans.view(planId, { fresh: true });
    const now = fresh.milestones.get(milestoneId);
    return milestoneUpdateCard(fresh, [milestoneId], asOf, {
      notice: `Not saved: ${now?.updatedBy ?? "someone"} updated this milestone at the same moment (it is now ${statusWord(now?.status ?? "unrated")}). Here it is as it stands now, with what you typed.`,
      typed: { [milestoneId]: typed },
    });
  }
  if (status === "red" && oldStatus !== "red" && action.lead !== personId) {
    await notifyLead(deps, planId, action.lead, milestoneId, action.id, sender.name, note);
  }
  return confirmation(milestoneId, action.id, oldStatus, status, note, revisedDue, evidence);
}

/** A milestone turning Red is news for its action lead; failing to tell them does not undo the update. */
async function notifyLead(deps: SaveMilestoneDependencies, planId: string, leadId: string, milestoneId: string, actionId: string, by: string, note?: string): Promise<void> {
  if (!deps.messenger) return;
  const card = messageCard(`${by} marked milestone ${milestoneId} of action ${actionId} Red (off track).`, {
    title: "A milestone turned Red",
    detail: note ? `Their note: ${note}` : "",
    buttons: [{ title: `Action ${actionId}`, command: `status ${actionId}` }],
  });
  try {
    await deps.messenger.send(planId, leadId, card);
  } catch (error) {
    deps.log(`Could not tell ${leadId} that ${milestoneId} turned Red: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function confirmation(milestoneId: string, actionId: string, from: string, to: string, note?: string, revisedDue?: string, evidence?: string): CardReply {
  const parts = [
    note ? `Note: ${note}` : "",
    revisedDue ? `Revised due date: ${displayDate(revisedDue)}.` : "",
    evidence ? `Evidence: ${evidence}` : "",
  ].filter(Boolean);
  const change = from === to ? `still ${statusWord(to as RagStatus)}` : `${statusWord(from as RagStatus)} → ${statusWord(to as RagStatus)}`;
  return messageCard(`Milestone ${milestoneId}: ${change}.`, {
    title: "Update recorded",
    detail: parts.join("\n\n"),
    buttons: [
      { title: `Action ${actionId}`, command: `status ${actionId}` },
      { title: "Plan status", command: "status" },
    ],
  });
}
