import type { PlanView } from "../domain/view";
import type { CardReply } from "../cards/cards";
import { messageCard, withPlan } from "../cards/cards";
import { echo } from "../domain/echo";
import { todayIn } from "../domain/dates";
import { memoOn } from "../domain/memo";
import { isPlanTrackerError } from "../errors";
import { misplaced, refuse } from "./access";
import { findButton } from "./commandTable";
import { previewImport, type FileAttachment } from "./fileImport";
import type { AnyCommand } from "./commandTypes";
import { parseCommand, type ParsedCommand } from "./parseCommand";
import { PLAN_ID, planOfTurn, type PlanResolution } from "./planOfTurn";
import { personOf } from "./personOf";
import type { ServiceName, Services, TeamsDirectory } from "./services";
import type { Turn } from "./turn";

/** Only the services a handler declared. */
function pick<Needs extends ServiceName>(services: Services, needs: readonly Needs[]): Pick<Services, Needs> {
  return Object.fromEntries(needs.map((name) => [name, services[name]])) as Pick<Services, Needs>;
}

/** A button press answered: a card, or data that is not something Plan Tracker sent (a 400, no answer). */
export type Pressed = { reply: CardReply } | { invalid: true };

/**
 * Runs commands and buttons from the command table, whatever they came from (typed,
 * a button, the Action.Submit fallback): the plan view and date, who asks, the central
 * access and place checks, then the handler with the services it declared.
 */
export class Dispatcher {
  constructor(private readonly services: Omit<Services, "teams">) {}

  /**
   * Typed text (or a command button's command): the answer a person sees. The plan is resolved
   * once, here (planOfTurn.ts), unless the command names it ("use plan <id> here", "plan <id>");
   * the recognizer reads the text against that plan, so the plan is read first (the same
   * shared read the command uses). `asPerson` answers as that plan person (the command line's
   * --person), not the sender's link; `pinned` is the plan a button carried (checked); `planId`
   * the plan the command line chose (--plan: whoever holds the storage key may read any plan).
   */
  async answer(turn: Turn, teams: TeamsDirectory, text: string, options: { asPerson?: string; pinned?: string; planId?: string } = {}): Promise<CardReply> {
    const { asPerson, pinned } = options;
    let parsed, plan;
    try {
      const exact = parseCommand(text);
      const planId = options.planId ?? (await this.planFor(turn, exact, pinned));
      if (typeof planId !== "string") return planId.reply;
      plan = { planId, view: await this.services.plans.view(planId) };
      parsed = exact.command.plan ? exact : parseCommand(text, { plan: plan.view.plan, asOf: todayIn(plan.view.plan.timeZone, this.services.now()) });
    } catch (error) {
      if (!isPlanTrackerError(error, "not-found")) throw error;
      return messageCard(error.message, { buttons: [] });
    }
    // The command answers from the view the text was read against: one look at the plan per turn.
    return this.run(turn, teams, parsed.command, parsed.args, asPerson, plan);
  }

  /** The turn's plan: the one a command names, else the conversation's (planOfTurn), or the card that says why there is none. */
  private async planFor(turn: Turn, exact: ParsedCommand, pinned?: string): Promise<string | { reply: CardReply }> {
    const declared = exact.command.plan;
    if (declared?.from === "slot") {
      const named = String(exact.args[declared.slot] ?? "");
      if (!PLAN_ID.test(named) || !(await this.services.plans.listPlans()).some((p) => p.id === named)) {
        return { reply: messageCard(`There is no plan "${echo(named)}" here. Nothing was changed.`, { title: "No such plan", buttons: [{ title: "Plans", command: "plans" }] }) };
      }
      return named;
    }
    const resolved = await planOfTurn(this.services, turn, pinned);
    if ("planId" in resolved) return resolved.planId;
    // `plans` answers whether or not the turn has a plan: it lists them (from stored data, not the plan given).
    const first = (await this.services.plans.listPlans())[0];
    return declared?.from === "any" && first ? first.id : resolved;
  }

  async run(turn: Turn, teams: TeamsDirectory, command: AnyCommand, args: Record<string, unknown>, asPerson?: string, plan?: { planId: string; view: PlanView }): Promise<CardReply> {
    const services: Services = { ...this.services, teams };
    try {
      let planId = plan?.planId;
      if (planId === undefined) {
        const resolved = await planOfTurn(services, turn);
        if ("reply" in resolved) return resolved.reply;
        planId = resolved.planId;
      }
      const view = plan?.view ?? (await services.plans.view(planId));
      const user = { aadObjectId: turn.sender.aadObjectId, name: turn.sender.name };
      const personId = asPerson ?? (user.aadObjectId ? await personOf(services, turn, planId, view, user.aadObjectId) : undefined);
      const asOf = todayIn(view.plan.timeZone, services.now());
      // Authorisation comes from the sender's aadObjectId and the plan's stored admins, never from a name.
      const isAdmin = await this.isAdmin(planId, user.aadObjectId);
      const refused = refuse(command.access, args, view, { personId, isAdmin }) ?? misplaced(command, turn.conversation.type);
      if (refused) return refused;
      const context = { planId, view, asOf, user, personId, isAdmin, turn, services: pick(services, command.needs) };
      const stamped = async () => withPlan(await command.handle(context, args), planId);
      // Answers the same for everyone are remembered with the plan view they came from: fifty people asking "status" at once cost one rendering.
      if (!command.shared) return await stamped();
      return await memoOn(view, `answer|${asOf}|${command.name}|${JSON.stringify(args)}`, stamped);
    } catch (error) {
      // A missing plan or person is a state to explain, not a failure; anything else goes to the turn error handler.
      if (!isPlanTrackerError(error, "not-found") && !isPlanTrackerError(error, "conflict")) throw error;
      return messageCard(error.message, { buttons: [] });
    }
  }

  /** A plan file attached in a personal chat: its dry run (fileImport.ts). */
  async importAttachment(turn: Turn, file: FileAttachment | "invalid"): Promise<CardReply> {
    return previewImport(this.services, turn, file);
  }

  /** A plan admin: one of the plan's stored admins (or the command line's operator). */
  private async isAdmin(planId: string, aadObjectId: string | undefined): Promise<boolean> {
    if (aadObjectId === undefined) return false;
    return this.services.operatorIds.includes(aadObjectId) || (await this.services.admins.isAdmin(planId, aadObjectId));
  }

  /**
   * A card button: its data checked against the verb's schema, then the plan it carries
   * (every button does, stamped by withPlan) against the conversation and the sender
   * (planOfTurn), then its handler. Unknown verbs, and a plan id that is not one, are invalid.
   */
  async press(turn: Turn, teams: TeamsDirectory, verb: unknown, data: unknown): Promise<Pressed> {
    const button = findButton(verb);
    if (!button) return { invalid: true };
    const { pinned, rest } = planStamp(data);
    if (pinned === null) return { invalid: true };
    const parsed = button.schema.safeParse(rest);
    if (!parsed.success) return button.invalid === "bad-request" ? { invalid: true } : { reply: button.invalid() };
    const services: Services = { ...this.services, teams };
    const resolved = button.planIn ? planNamedIn(button.planIn(parsed.data), pinned, turn) : await planOfTurn(services, turn, pinned);
    if ("reply" in resolved) return { reply: resolved.reply };
    const { planId } = resolved;
    // Admins are read as of the plan's head now (the same freshness rule as every turn's).
    if ((await services.plans.listPlans()).some((p) => p.id === planId)) await services.plans.view(planId);
    const sender = { aadObjectId: turn.sender.aadObjectId, name: turn.sender.name };
    const isAdmin = await this.isAdmin(planId, sender.aadObjectId);
    const context = { sender, planId, isAdmin, turn, services: pick(services, button.needs), answer: (text: string) => this.answer(turn, teams, text, { pinned: planId }) };
    return { reply: withPlan(await button.handle(context, parsed.data), planId) };
  }
}

/** A button that names its plan in its data (an import's target): only in a personal chat, and a stamp must agree. */
function planNamedIn(named: string, pinned: string | undefined, turn: Turn): PlanResolution {
  const refuse = (text: string) => ({ reply: messageCard(`${text} Nothing was done.`, { title: "Not this plan", buttons: [] }) });
  if (turn.conversation.type !== undefined && turn.conversation.type !== "personal") return refuse("That button works only in a personal chat.");
  if (pinned !== undefined && pinned !== named) return refuse(`That button belongs to plan ${pinned}, not ${named}.`);
  return { planId: named };
}

/**
 * The plan a button's data carries, and the data without it for the button's own schema.
 * Cards sent before buttons carried a plan have none (the conversation's plan is used);
 * a value that is not a plan id is `null`: not something Plan Tracker sent.
 */
export function planStamp(data: unknown): { pinned?: string | null; rest: unknown } {
  if (!data || typeof data !== "object" || Array.isArray(data) || !Object.hasOwn(data, "planId")) return { rest: data };
  const { planId, ...rest } = data as Record<string, unknown>;
  return { pinned: typeof planId === "string" && PLAN_ID.test(planId) ? planId : null, rest };
}
