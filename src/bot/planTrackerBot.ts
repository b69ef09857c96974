import { z } from "zod";
import { COMMON_BUTTONS, expandCard, forViewer, messageCard, type CardReply } from "../cards/cards";
import { textWithoutMention, type TeamsActivity } from "../teams/activity";
import { referenceOf } from "../teams/conversationReference";
import type { InvokeResponse, Turn } from "../teams/turn";
import { FILE_CONSENT_INVOKE, fileConsentAttachment, fileConsentSchema, fileInfoAttachment, type FileUploader } from "../teams/fileConsent";
import { commandButtonSchema } from "./buttonData";
import { cardAttachment } from "./cards";
import { fileAttachmentOf } from "./fileImport";
import { COMMANDS, findButton } from "./commandTable";
import { planStamp, type Dispatcher } from "./dispatcher";
import type { Conversations, Memberships } from "./services";
import { membersChanged, type TeamMembersChanged } from "../teams/membersChanged";
import { teamsDirectory, tenantOf, turnOf } from "./teamsTurn";

export interface BotDependencies {
  dispatcher: Dispatcher;
  conversations: Conversations;
  /** Who Teams said joined or left the teams the bot is installed in (for `people`'s "gone"). */
  memberships: Memberships;
  /** Empty: every tenant may use the bot. */
  allowedTenantIds: string[];
  log: (message: string) => void;
  /** Puts an accepted file (the board pack) where Teams says; its URL policy is inside. */
  uploads: FileUploader;
}

const executeSchema = z.object({
  action: z.object({ type: z.literal("Action.Execute"), verb: z.string(), data: z.unknown() }),
});

/** An Adaptive Card invoke's answer (Action.Execute): the card that replaces the clicked one, or an error. */
const cardAnswer = (value: Record<string, unknown>): InvokeResponse => ({ status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.card.adaptive", value } });
const invokeError = (statusCode: number, code: string, message: string): InvokeResponse => ({ status: statusCode, body: { statusCode, type: "application/vnd.microsoft.error", value: { code, message } } });
const BAD_REQUEST = invokeError(400, "BadRequest", "That button's data is not something Plan Tracker sent.");
/** An Action.Execute answer that leaves the clicked card as it was and shows a short message. */
const keepCard = (message: string): InvokeResponse => ({ status: 200, body: { statusCode: 200, type: "application/vnd.microsoft.activity.message", value: message } });
/** Replies that go out as a new message, leaving a clicked card (a digest posted to a board) as it was. */
const standsAlone = (reply: CardReply) => reply.file !== undefined || reply.card === "askInPersonal";

/**
 * Plan Tracker in Teams: turns activities into calls on the command table (typed text,
 * card buttons, their Action.Submit fallback) and the answers into activities, whichever SDK
 * delivered them (src/teams/). What each command does is in commandTable.ts.
 */
export class PlanTrackerBot {
  constructor(private readonly deps: BotDependencies) {}

  /**
   * One turn. Activities from tenants that are not allowed are dropped before any storage write
   * or reply; the rest are routed as botbuilder's TeamsActivityHandler routed them (an invoke
   * Plan Tracker does not handle gets 501).
   */
  readonly handle = async (turn: Turn): Promise<InvokeResponse | void> => {
    const { activity } = turn;
    const allowed = this.deps.allowedTenantIds;
    if (allowed.length > 0) {
      const tenant = tenantOf(activity);
      if (!tenant || !allowed.includes(tenant)) {
        this.deps.log(`Dropped a ${activity.type} activity from tenant ${tenant ?? "(none)"}, which is not in ALLOWED_TENANT_IDS`);
        return;
      }
    }
    if (activity.type === "message") return this.onMessage(turn);
    if (activity.type === "invoke") {
      if (activity.name === "adaptiveCard/action") return this.onAdaptiveCardInvoke(turn);
      if (activity.name === FILE_CONSENT_INVOKE) return this.onFileConsent(turn);
      return { status: 501 };
    }
    if (activity.type === "installationUpdate") {
      const installed = activity.action === "add" || activity.action === "add-upgrade";
      if (installed || activity.action === "remove" || activity.action === "remove-upgrade") await this.recordInstallation(activity, installed);
      if (installed) await this.welcome(turn);
    }
    // Older clients announce the bot joining or leaving with conversationUpdate only. The welcome
    // stays with installationUpdate, which Teams sends as well, so nobody is welcomed twice.
    if (activity.type === "conversationUpdate") {
      // Its members are untrusted data: malformed ones are logged and change nothing.
      const changed = membersChanged(activity);
      if (changed !== undefined && "error" in changed) {
        this.deps.log(`Ignored a conversationUpdate: ${changed.error}`);
        return;
      }
      if (changed?.botAdded) await this.recordInstallation(activity, true);
      if (changed?.botRemoved) await this.recordInstallation(activity, false);
      if (changed?.team) await this.recordMembers(activity, changed.team);
    }
  };

  /**
   * People added to or removed from a team the bot is in: recorded per person and team, so that
   * `people` can mark someone removed from every such team as gone (and a later add as back).
   */
  private async recordMembers(activity: TeamsActivity, changed: TeamMembersChanged): Promise<void> {
    const tenant = tenantOf(activity) ?? "no-tenant";
    // The wall clock, as the prompt records' times are (they are compared).
    const at = new Date().toISOString();
    for (const member of changed.added) await this.deps.memberships.record(tenant, member.aadObjectId, { teamId: changed.teamId, state: "in", at });
    for (const member of changed.removed) await this.deps.memberships.record(tenant, member.aadObjectId, { teamId: changed.teamId, state: "removed", at });
    if (changed.unidentified > 0) this.deps.log(`A team's members change listed ${changed.unidentified} member(s) without an Azure AD object id; nothing was recorded for them`);
  }

  private async onMessage(turn: Turn): Promise<void> {
    const { activity } = turn;
    const file = fileAttachmentOf(activity);
    if (file !== undefined) {
      // A plan file sent in a personal chat (Teams' file.download.info): its dry run.
      await this.reply(turn, await this.deps.dispatcher.importAttachment(turnOf(activity), file));
      return;
    }
    const value = activity.value as { verb?: unknown } | undefined;
    if (findButton(value?.verb) && !activity.text) {
      // The Action.Submit fallback of the card's buttons: the same handlers, answered with a new message.
      const { verb, ...data } = value!;
      const pressed = await this.deps.dispatcher.press(turnOf(activity), teamsDirectory(turn), verb, data);
      await this.reply(turn, "reply" in pressed ? pressed.reply : messageCard("That button's data is not something Plan Tracker sent.", { buttons: [] }));
    } else {
      const { text, pinned } = this.messageText(activity);
      await this.reply(turn, await this.deps.dispatcher.answer(turnOf(activity), teamsDirectory(turn), text, { pinned }));
    }
  }

  /**
   * Action.Execute: the card that was clicked is replaced by the button's answer (a command's is
   * the same as typing it). The invoke is checked first as botbuilder's ActivityHandler checks it.
   */
  private async onAdaptiveCardInvoke(turn: Turn): Promise<InvokeResponse> {
    const { activity } = turn;
    const value = activity.value as { action?: { type?: unknown } } | undefined;
    if (!value) return invokeError(400, "BadRequest", "Missing value property");
    if (value.action?.type !== "Action.Execute") return invokeError(400, "NotSupported", `The action '${String(value.action?.type)}' is not supported.`);
    const invoke = executeSchema.safeParse(value);
    if (!invoke.success) return BAD_REQUEST;
    const pressed = await this.deps.dispatcher.press(turnOf(activity), teamsDirectory(turn), invoke.data.action.verb, invoke.data.action.data);
    if (!("reply" in pressed)) return BAD_REQUEST;
    if (standsAlone(pressed.reply)) {
      await this.reply(turn, pressed.reply);
      return keepCard(pressed.reply.file ? "The board pack is offered below." : "See the card below.");
    }
    return cardAnswer(expandCard(forViewer(pressed.reply, activity.from?.id)));
  }

  /**
   * The answer to a file offer (fileConsent/invoke). Declined: nothing is sent, and the person
   * is told so. Accepted: the command that made the offer runs again for the sender, through
   * the same access check (the invoke's context is untrusted and names only the board), and
   * the file it makes goes to the upload URL Teams gave, if the URL policy allows it.
   */
  private async onFileConsent(turn: Turn): Promise<InvokeResponse> {
    const { activity } = turn;
    const consent = fileConsentSchema.safeParse(activity.value);
    const command = COMMANDS.find((c) => c.name === "report")!;
    if (!consent.success || consent.data.context.command !== command.name) return invokeError(400, "BadRequest", "That file answer is not something Plan Tracker sent.");
    if (consent.data.action === "decline") {
      await this.reply(turn, messageCard("You declined the board pack, so nothing was sent. Ask for it again with “report” whenever you like.", { buttons: [] }));
      return { status: 200 };
    }
    const board = consent.data.context.board;
    const made = await this.deps.dispatcher.run(turnOf(activity), teamsDirectory(turn), command, board ? { board } : {});
    if (!made.file) {
      await this.reply(turn, made);
      return { status: 200 };
    }
    try {
      const uploaded = await this.deps.uploads.upload(consent.data.uploadInfo, made.file.bytes);
      await turn.send({ attachments: [fileInfoAttachment(uploaded)] });
    } catch (error) {
      this.deps.log(`The board pack was not uploaded: ${String(error)}`);
      const why = (error instanceof Error ? error.message : String(error)).replace(/; nothing was downloaded$/, "");
      await this.reply(turn, messageCard(`I could not put the board pack in your OneDrive (${why}), so nothing was sent. Try “report” again.`, { buttons: [] }));
    }
    return { status: 200 };
  }

  /** The typed text without the bot's @mention, or a card button's command and the plan it carries (Action.Submit fallback). */
  private messageText(activity: TeamsActivity): { text: string; pinned?: string } {
    if (activity.value !== undefined && !activity.text) {
      const { pinned, rest } = planStamp(activity.value);
      const data = commandButtonSchema.safeParse(rest);
      return data.success && pinned !== null ? { text: data.data.command, pinned } : { text: "" };
    }
    return { text: textWithoutMention(activity) };
  }

  private async reply(turn: Turn, reply: CardReply): Promise<void> {
    if (reply.file) {
      const { name, description, bytes, context } = reply.file;
      await turn.send({ attachments: [fileConsentAttachment({ name, description, sizeInBytes: bytes.length, context })] });
      return;
    }
    await turn.send({ attachments: [cardAttachment(forViewer(reply, turn.activity.from?.id))] });
  }

  private async welcome(turn: Turn): Promise<void> {
    const reply = messageCard(
      "I keep the SEND improvement plan current. Ask me “status” for the progress table, “status 1.2” for one action, “overdue”, “mine”, “kpis” or “risks” — in this chat, or by @mentioning me in a channel.",
      { title: "Hello, I'm Plan Tracker", buttons: [...COMMON_BUTTONS, { title: "Help", command: "help" }] },
    );
    await turn.send({ attachments: [cardAttachment(reply)] });
  }

  private async recordInstallation(activity: TeamsActivity, installed: boolean): Promise<void> {
    const tenant = tenantOf(activity) ?? "no-tenant";
    const reference = referenceOf(activity);
    const scope = activity.conversation?.conversationType ?? "personal";
    await this.deps.conversations.record(tenant, activity.conversation.id, { scope, installed, reference });
    if (scope === "personal" && activity.from?.aadObjectId) {
      await this.deps.conversations.record(tenant, `user|${activity.from.aadObjectId}`, { scope, installed, reference });
    }
  }
}
