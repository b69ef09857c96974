import type { PersonLink } from "../../storage/linkRepository";
import type { CardReply } from "../cards";
import type { CommandContext } from "./context";

export type LinkState = "linked" | "not linked" | "bot not installed";

const STATE_COLOURS: Record<LinkState, string> = { linked: "good", "not linked": "warning", "bot not installed": "attention" };

/**
 * Plan people and whether Plan Tracker can reach them: linked to a Teams user with the
 * bot installed in a personal chat, linked but without the bot, or not linked.
 */
export function peopleCommand(context: CommandContext, links: PersonLink[], installedUsers: ReadonlySet<string>): CardReply {
  const byPerson = new Map(links.map((link) => [link.personId, link]));
  const rows = context.view.plan.people.map((person) => {
    const link = byPerson.get(person.id);
    const state: LinkState = !link ? "not linked" : installedUsers.has(link.aadObjectId) ? "linked" : "bot not installed";
    const detail = [person.role, person.organisation].filter(Boolean).join(", ") || person.kind;
    return {
      name: person.name,
      detail: link ? `${detail} · Teams: ${link.teamsName} (${link.method === "email" ? "matched by email" : `linked by ${link.linkedBy}`})` : detail,
      stateText: state === "linked" ? "Linked" : state === "not linked" ? "Not linked" : "Bot not installed",
      stateColor: STATE_COLOURS[state],
      state,
    };
  });
  const count = (state: LinkState) => rows.filter((r) => r.state === state).length;
  return {
    card: "people",
    data: {
      summary: `${count("linked")} linked, ${count("bot not installed")} linked without the bot installed, ${count("not linked")} not linked. Link someone with "link <name> to @them".`,
      people: rows,
      buttons: [{ title: "Plan status", command: "status" }],
    },
  };
}
