import { createHash } from "node:crypto";
import { z } from "zod";
import { withPlan, type CardReply } from "../cards/cards";
import { importDryRunCard, importRefusedCard, type ImportConfirmation } from "../cards/importCard";
import { isPlanTrackerError, PlanTrackerError } from "../errors";
import { planFileFormat } from "../import/readPlanFile";
import { readPlanJson } from "../import/readPlanJson";
import type { TeamsActivity } from "../teams/activity";
import { buttonData } from "./buttonData";
import { PLAN_ID, planOfTurn } from "./planOfTurn";
import type { Services } from "./services";
import type { Turn } from "./turn";

/**
 * A plan file sent to the bot in Teams (issue 18): a plan JSON or a milestones CSV, attached
 * in a personal chat by a plan admin. Teams hands the bot a `file.download.info` attachment;
 * the file is downloaded only from that attachment's URL, through the file URL policy
 * (src/teams/fileUrls.ts) and the size limit (src/teams/fileDownload.ts). The answer is a
 * dry run; Confirm import downloads the same file again, checks it is the same (its SHA-256)
 * and imports it only if the plan still has the head the dry run saw.
 */

export const FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info";

const attachmentSchema = z.object({
  contentType: z.literal(FILE_DOWNLOAD_INFO),
  name: z.string().trim().min(1).max(255),
  content: z.looseObject({ downloadUrl: z.string().min(1).max(4096), fileType: z.string().max(32).optional() }),
});
export type FileAttachment = z.output<typeof attachmentSchema>;

/** The file attachment on a message, if it has one: checked, or `invalid` when it is not what Teams sends. */
export function fileAttachmentOf(activity: TeamsActivity): FileAttachment | "invalid" | undefined {
  const attachments = (activity as { attachments?: unknown }).attachments;
  if (!Array.isArray(attachments)) return undefined;
  const file = attachments.find((a) => (a as { contentType?: unknown } | null)?.contentType === FILE_DOWNLOAD_INFO);
  if (file === undefined) return undefined;
  const parsed = attachmentSchema.safeParse(file);
  return parsed.success ? parsed.data : "invalid";
}

/** What Confirm import sends back (the card's own data; the plan stamp is checked by the dispatcher). */
export const confirmImportSchema = buttonData({
  target: z.string().regex(PLAN_ID),
  fileName: z.string().trim().min(1).max(255),
  url: z.string().min(1).max(4096),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  expectedHead: z.string().min(1).max(200),
});

export type ImportDeps = Pick<Services, "plans" | "admins" | "files" | "bindings" | "links" | "operatorIds">;

const isAdminOf = async (deps: ImportDeps, planId: string, aadObjectId: string | undefined) =>
  aadObjectId !== undefined && (deps.operatorIds.includes(aadObjectId) || (await deps.admins.isAdmin(planId, aadObjectId)));

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The file as text: UTF-8 without a byte-order mark; a file with NUL bytes is not a plan file. */
function asText(fileName: string, bytes: Buffer): string {
  if (bytes.includes(0)) throw new PlanTrackerError("invalid-input", `${fileName} is not a text file, so it is not a plan JSON or a milestones CSV`);
  return bytes.toString("utf8").replace(/^\uFEFF/, "");
}

/** A refusal as the card says it: its message and every problem with its location. */
function refused(fileName: string, error: unknown): CardReply {
  if (isPlanTrackerError(error, "invalid-input") || isPlanTrackerError(error, "forbidden") || isPlanTrackerError(error, "not-found")) {
    return importRefusedCard(fileName, `${error.message.replace(/[.;]?\s*nothing was (imported|downloaded)$/i, "")}.`, error.problems);
  }
  throw error;
}

/** The plan a file is for: a JSON names its own; a CSV revises the plan this chat is about. And whether the sender may import it. */
async function targetOf(deps: ImportDeps, turn: Turn, fileName: string, text: string): Promise<string | CardReply> {
  if (planFileFormat(fileName) === "json") return readPlanJson(text, fileName).id;
  const resolved = await planOfTurn(deps, turn);
  return "planId" in resolved ? resolved.planId : resolved.reply;
}

/** A plan file attached in Teams: the dry run, or why it cannot be imported. Nothing is written here. */
export async function previewImport(deps: ImportDeps, turn: Turn, file: FileAttachment | "invalid"): Promise<CardReply> {
  if (file === "invalid") return importRefusedCard("the attachment", "That file attachment is not one Teams sends.");
  const { name } = file;
  const aad = turn.sender.aadObjectId;
  if (turn.conversation.type !== undefined && turn.conversation.type !== "personal") {
    return importRefusedCard(name, "Plan files are imported in a personal chat with me: send it there.");
  }
  // Before anything is downloaded: the sender must administer some plan (or be one of PLAN_ADMIN_IDS, who may add plans).
  const stored = await deps.plans.listPlans();
  const adminAnywhere = aad !== undefined && (deps.operatorIds.includes(aad) || deps.admins.seeded().includes(aad) || (await Promise.all(stored.map((p) => isAdminOf(deps, p.id, aad)))).some(Boolean));
  if (!adminAnywhere) return importRefusedCard(name, "Only plan admins can import plan files. Ask one of them to do it for you.");
  try {
    planFileFormat(name);
    const bytes = await deps.files.download(file.content.downloadUrl);
    const text = asText(name, bytes);
    const target = await targetOf(deps, turn, name, text);
    if (typeof target !== "string") return target;
    if (!(await isAdminOf(deps, target, aad))) return importRefusedCard(name, `Only admins of plan ${target} can import it. Ask one of them to do it for you.`);
    // The head first, then the dry run: if the plan changes in between, the confirmation is refused (never the reverse).
    const expectedHead = await deps.plans.headTag(target);
    const report = await deps.plans.importFile(name, text, { id: aad!, name: turn.sender.name, source: "teams" }, { planId: target, dryRun: true });
    const confirm: ImportConfirmation = { target, fileName: name, url: file.content.downloadUrl, sha256: sha256(bytes), expectedHead };
    return withPlan(importDryRunCard(name, report, confirm), target);
  } catch (error) {
    return refused(name, error);
  }
}

/** Confirm import: the same file (downloaded again through the policy, same digest), by an admin of its plan, if the plan has not changed since the dry run. */
export async function confirmImport(deps: ImportDeps, turn: Turn, data: z.output<typeof confirmImportSchema>): Promise<CardReply> {
  const { fileName, target } = data;
  const aad = turn.sender.aadObjectId;
  if (!(await isAdminOf(deps, target, aad))) return importRefusedCard(fileName, `Only admins of plan ${target} can import it.`);
  try {
    planFileFormat(fileName);
    const bytes = await deps.files.download(data.url);
    if (sha256(bytes) !== data.sha256) return importRefusedCard(fileName, "The file is not the one the dry run read (it changed since). Send it again for a new dry run.");
    const report = await deps.plans.importFile(fileName, asText(fileName, bytes), { id: aad!, name: turn.sender.name, source: "teams" }, { planId: target, expectedHead: data.expectedHead });
    const count = report.added.length + report.changed.length + report.removed.length;
    return imported(fileName, target, report.newPlan, count);
  } catch (error) {
    if (isPlanTrackerError(error, "conflict")) {
      return importRefusedCard(fileName, `Plan ${target} changed after this dry run: someone else's import or update landed first. Send the file again to see a new dry run.`);
    }
    return refused(fileName, error);
  }
}

function imported(fileName: string, planId: string, newPlan: boolean, count: number): CardReply {
  return {
    card: "importDryRun",
    data: {
      heading: `Imported: ${fileName}`,
      summary: newPlan ? `Plan ${planId} is stored (${count} definitions). An admin binds a channel to it with "use plan ${planId} here".` : `Plan ${planId} was revised: ${count} change${count === 1 ? "" : "s"} written, with history.`,
      problemsHeading: "",
      problems: [],
      sections: [],
      confirm: null,
      buttons: [{ title: "Status", command: "status" }],
    },
  };
}
