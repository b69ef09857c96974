import { messageCard, type Button, type CardReply } from "../cards/cards";
import { mayUpdateMilestone } from "../domain/permissions";
import { mayLeadAction, mayRecordFinding, mayRecordKpi, mayReviewRisk } from "../domain/recordPermissions";
import { findMilestone, type PlanView } from "../domain/view";
import type { Access, AnyCommand } from "./commandTypes";
import type { Scope } from "./turn";

/** Who is asking, as stored data says: their plan person (through their link) and whether they are a plan admin. */
export interface Asker {
  personId?: string;
  isAdmin: boolean;
}

/**
 * The one shape of a refusal: "Only <who> can <to>." and a hint. A typed command's refusal
 * has nothing else on it; a card button's keeps the card's title ("Not saved") and buttons.
 */
export function refusal(who: string, to: string, hint = "", card: { title?: string; buttons?: Button[] } = { buttons: [] }): CardReply {
  return messageCard(`Only ${who} can ${to}.${hint ? ` ${hint}` : ""}`, card);
}

/**
 * The central check before a handler runs, from the sender's aadObjectId (through
 * `asker`), never from a name or card data. Undefined: go ahead.
 */
export function refuse(access: Access, args: Record<string, unknown>, view: PlanView, asker: Asker): CardReply | undefined {
  switch (access.who) {
    case "anyone":
      return undefined;
    case "member":
      return asker.personId !== undefined || asker.isAdmin ? undefined : refusal("people in the plan", access.to, "A plan admin can link you to your name in the plan.");
    case "admin":
      return asker.isAdmin ? undefined : refusal("plan admins", access.to, "Ask one of them to do it for you.");
    case "owner": {
      const id = String(args[access.slot] ?? "");
      const rule = { kpi: mayRecordKpi, risk: mayReviewRisk, qi: mayRecordFinding, action: mayLeadAction }[access.of];
      if (rule(view.plan, id, asker)) return undefined;
      return refusal(access.of === "action" ? `the lead of action ${id} or a plan admin` : `the owner of ${access.of === "kpi" ? id : `${access.of === "risk" ? "risk" : "QI"} ${id}`} or a plan admin`, access.to);
    }
    case "milestoneOwner": {
      const milestoneId = String(args[access.slot] ?? "");
      // Asked before the rights: an admin may update any milestone, but not one the plan does not have.
      if (findMilestone(view.plan, milestoneId) === undefined) return messageCard(`There is no milestone ${milestoneId} in the plan.`, { buttons: [] });
      if (mayUpdateMilestone(view.plan, milestoneId, asker)) return undefined;
      return refusal(`the owner of milestone ${milestoneId}, its action lead or a plan admin`, access.to);
    }
  }
}

/** A command used where it does not belong (a channel-only command in a personal chat). Unknown conversation types pass. */
export function misplaced(command: AnyCommand, scope: Scope | undefined): CardReply | undefined {
  if (scope === undefined || command.scopes.includes(scope)) return undefined;
  const where = command.scopes.map((s) => ({ personal: "a personal chat", channel: "a channel", groupChat: "a group chat" })[s]).join(" or ");
  return messageCard(command.elsewhere ?? `"${command.examples[0]}" works in ${where}.`, { title: "Not here", buttons: [] });
}
