import type { CardReply } from "../cards/cards";
import { messageCard } from "../cards/cards";
import { todayIn } from "../domain/dates";
import { memoOn } from "../domain/memo";
import { isPlanTrackerError } from "../errors";
import { misplaced, refuse } from "./access";
import { findButton } from "./commandTable";
import type { AnyCommand } from "./commandTypes";
import { parseCommand } from "./parseCommand";
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
   * Typed text (or a command button's command): the answer a person sees. The recognizer
   * reads it against the plan, so the plan is read first (the same shared read the command uses).
   * `asPerson` answers as that plan person (the command line's --person), not the sender's link.
   */
  async answer(turn: Turn, teams: TeamsDirectory, text: string, asPerson?: string): Promise<CardReply> {
    let parsed;
    try {
      const view = await this.services.plans.view(await this.services.plans.resolvePlanId());
      parsed = parseCommand(text, { plan: view.plan, asOf: todayIn(view.plan.timeZone, this.services.now()) });
    } catch (error) {
      if (!isPlanTrackerError(error, "not-found")) throw error;
      return messageCard(error.message, { buttons: [] });
    }
    return this.run(turn, teams, parsed.command, parsed.args, asPerson);
  }

  async run(turn: Turn, teams: TeamsDirectory, command: AnyCommand, args: Record<string, unknown>, asPerson?: string): Promise<CardReply> {
    const services: Services = { ...this.services, teams };
    try {
      const planId = await services.plans.resolvePlanId();
      const view = await services.plans.view(planId);
      const user = { aadObjectId: turn.sender.aadObjectId, name: turn.sender.name };
      const personId = asPerson ?? (user.aadObjectId ? await personOf(services, turn, planId, view, user.aadObjectId) : undefined);
      const asOf = todayIn(view.plan.timeZone, services.now());
      // Authorisation comes from the sender's aadObjectId and the configured admins, never from a name.
      const isAdmin = user.aadObjectId !== undefined && services.adminIds.includes(user.aadObjectId);
      const refused = refuse(command.access, args, view, { personId, isAdmin }) ?? misplaced(command, turn.conversation.type);
      if (refused) return refused;
      const context = { planId, view, asOf, user, personId, isAdmin, turn, services: pick(services, command.needs) };
      // Answers the same for everyone are remembered with the plan view they came from: fifty people asking "status" at once cost one rendering.
      if (!command.shared) return await command.handle(context, args);
      return await memoOn(view, `answer|${asOf}|${command.name}|${JSON.stringify(args)}`, () => command.handle(context, args));
    } catch (error) {
      // A missing plan or person is a state to explain, not a failure; anything else goes to the turn error handler.
      if (!isPlanTrackerError(error, "not-found") && !isPlanTrackerError(error, "conflict")) throw error;
      return messageCard(error.message, { buttons: [] });
    }
  }

  /** A card button: its data checked against the verb's schema, then its handler. Unknown verbs are invalid. */
  async press(turn: Turn, teams: TeamsDirectory, verb: unknown, data: unknown): Promise<Pressed> {
    const button = findButton(verb);
    if (!button) return { invalid: true };
    const parsed = button.schema.safeParse(data);
    if (!parsed.success) return button.invalid === "bad-request" ? { invalid: true } : { reply: button.invalid() };
    const services: Services = { ...this.services, teams };
    const context = { sender: { aadObjectId: turn.sender.aadObjectId, name: turn.sender.name }, turn, services: pick(services, button.needs), answer: (text: string) => this.answer(turn, teams, text) };
    return { reply: await button.handle(context, parsed.data) };
  }
}
