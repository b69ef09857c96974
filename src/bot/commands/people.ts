import type { LinkConflict, PersonLink } from "../services";
import type { CardReply } from "../../cards/cards";
import type { CommandContext } from "./context";

export type LinkState = "linked" | "not linked" | "bot not installed" | "unreachable";

const STATE_STYLES: Record<LinkState, string> = { linked: "good", "not linked": "warning", "bot not installed": "attention", unreachable: "attention" };
const STATE_TEXT: Record<LinkState, string> = { linked: "Linked", "not linked": "Not linked", "bot not installed": "Bot not installed", unreachable: "Unreachable" };

/**
 * Plan people and whether Plan Tracker can reach them: linked to a Teams user with the
 * bot installed in a personal chat, linked but without the bot, or not linked — and who
 * could not be reached by this month's prompts, with what Teams said (`unreachable`:
 * person id → reason, from the cycle's prompt records).
 */
export function peopleCommand(context: CommandContext, links: PersonLink[], installedUsers: ReadonlySet<string>, unreachable: ReadonlyMap<string, string> = new Map(), conflicts: LinkConflict[] = []): CardReply {
  const byPerson = new Map(links.map((link) => [link.personId, link]));
  // Email matches refused because the person or the user was linked already: for an admin to settle with "link".
  const refused = (personId: string) =>
    conflicts.filter((c) => c.personId === personId).slice(0, 3).map((c) => `email match refused: ${c.teamsName} (tenant ${c.tenantId}) has this address, but ${c.linkedTo} holds the link`);
  const rows = context.view.plan.people.map((person) => {
    const link = byPerson.get(person.id);
    const reason = unreachable.get(person.id);
    const state: LinkState = reason !== undefined ? "unreachable" : !link ? "not linked" : installedUsers.has(link.aadObjectId) ? "linked" : "bot not installed";
    const role = [person.role, person.organisation].filter(Boolean).join(", ") || person.kind;
    const detail = [
      role,
      link ? `Teams: ${link.teamsName} (${link.method === "email" ? "matched by email" : `linked by ${link.linkedBy}`})` : "",
      reason !== undefined ? `not reached this month: ${reason}` : "",
      ...refused(person.id),
    ].filter(Boolean).join(" · ");
    return {
      name: person.name,
      detail,
      stateText: STATE_TEXT[state],
      stateStyle: STATE_STYLES[state],
      state,
    };
  });
  const count = (state: LinkState) => rows.filter((r) => r.state === state).length;
  return {
    card: "people",
    data: {
      summary: `${count("linked")} linked, ${count("bot not installed")} linked without the bot installed, ${count("not linked")} not linked${count("unreachable") > 0 ? `, ${count("unreachable")} not reached by this month's prompts` : ""}. Link someone with "link <name> to @them".`,
      people: rows,
      buttons: [{ title: "Link by email", command: "link by email" }, { title: "Plan status", command: "status" }],
    },
  };
}
