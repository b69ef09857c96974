import type { Conversations, LinkConflict, Memberships, PersonLink, PromptRecords } from "../services";
import type { CardReply } from "../../cards/cards";
import { gonePeople, promptOutcomes } from "../../domain/gonePeople";
import { addMonthsIso } from "../../domain/dates";
import { channelIdOf } from "../channelId";
import type { CommandContext } from "./context";

export type LinkState = "linked" | "not linked" | "bot not installed" | "unreachable" | "gone";

const STATE_STYLES: Record<LinkState, string> = { linked: "good", "not linked": "warning", "bot not installed": "attention", unreachable: "attention", gone: "attention" };
const STATE_TEXT: Record<LinkState, string> = { linked: "Linked", "not linked": "Not linked", "bot not installed": "Bot not installed", unreachable: "Unreachable", gone: "Gone" };

/** How far back `people` reads prompt records to tell who has gone: a year of monthly cycles. */
const GONE_LOOKBACK_MONTHS = 12;

/**
 * Who has gone (src/domain/gonePeople.ts), from the stored facts: the plan's prompt records of
 * the last year, what Teams said of each linked person's team memberships, and the teams the
 * bot is installed in now (in each linked person's tenant).
 */
export async function goneOf(services: { promptRecords: PromptRecords; memberships: Memberships; conversations: Pick<Conversations, "teamInstalls"> }, planId: string, asOf: string, links: PersonLink[]): Promise<Map<string, string>> {
  const since = addMonthsIso(asOf, -(GONE_LOOKBACK_MONTHS - 1)).slice(0, 7);
  const tenants = [...new Set(links.map((link) => link.tenantId ?? "no-tenant"))];
  const [prompts, perTenant] = await Promise.all([
    services.promptRecords.listSince(planId, since).then(promptOutcomes),
    Promise.all(tenants.map(async (tenant) => ({ tenant, members: await services.memberships.list(tenant), teams: (await services.conversations.teamInstalls(tenant)).map((t) => channelIdOf(t.conversationId)) }))),
  ]);
  const gone = new Map<string, string>();
  for (const { tenant, members, teams } of perTenant) {
    const people = links.filter((link) => (link.tenantId ?? "no-tenant") === tenant);
    const memberships = new Map(people.flatMap((link) => (members.has(link.aadObjectId) ? [[link.personId, members.get(link.aadObjectId)!] as const] : [])));
    for (const [personId, why] of gonePeople(people.map((p) => p.personId), { prompts, memberships, installedTeams: [...new Set(teams)] })) gone.set(personId, why);
  }
  return gone;
}

/**
 * Plan people and whether Plan Tracker can reach them: linked to a Teams user with the
 * bot installed in a personal chat, linked but without the bot, or not linked — and who
 * could not be reached by this month's prompts, with what Teams said (`unreachable`:
 * person id → reason, from the cycle's prompt records).
 */
export function peopleCommand(context: CommandContext, links: PersonLink[], installedUsers: ReadonlySet<string>, unreachable: ReadonlyMap<string, string> = new Map(), conflicts: LinkConflict[] = [], gone: ReadonlyMap<string, string> = new Map()): CardReply {
  const byPerson = new Map(links.map((link) => [link.personId, link]));
  // Email matches refused because the person or the user was linked already: for an admin to settle with "link".
  const refused = (personId: string) =>
    conflicts.filter((c) => c.personId === personId).slice(0, 3).map((c) => `email match refused: ${c.teamsName} (tenant ${c.tenantId}) has this address, but ${c.linkedTo} holds the link`);
  const rows = context.view.plan.people.map((person) => {
    const link = byPerson.get(person.id);
    const reason = unreachable.get(person.id);
    const goneWhy = gone.get(person.id);
    const state: LinkState = goneWhy !== undefined ? "gone" : reason !== undefined ? "unreachable" : !link ? "not linked" : installedUsers.has(link.aadObjectId) ? "linked" : "bot not installed";
    const role = [person.role, person.organisation].filter(Boolean).join(", ") || person.kind;
    const detail = [
      role,
      link ? `Teams: ${link.teamsName} (${link.method === "email" ? "matched by email" : `linked by ${link.linkedBy}`})` : "",
      goneWhy !== undefined ? `gone: ${goneWhy}; hand their work over with Reassign` : "",
      reason !== undefined ? `not reached this month: ${reason}` : "",
      ...refused(person.id),
    ].filter(Boolean).join(" · ");
    return {
      name: person.name,
      detail,
      stateText: STATE_TEXT[state],
      stateStyle: STATE_STYLES[state],
      state,
      // A gone person's work can be handed over: `reassign <person>` asks to whom (plan admins, as reassign is).
      reassign: state === "gone" ? `reassign ${person.id}` : null,
    };
  });
  const count = (state: LinkState) => rows.filter((r) => r.state === state).length;
  return {
    card: "people",
    data: {
      summary: `${count("linked")} linked, ${count("bot not installed")} linked without the bot installed, ${count("not linked")} not linked${count("unreachable") > 0 ? `, ${count("unreachable")} not reached by this month's prompts` : ""}${count("gone") > 0 ? `, ${count("gone")} gone` : ""}. Link someone with "link <name> to @them".`,
      people: rows,
      buttons: [{ title: "Link by email", command: "link by email" }, { title: "Plan status", command: "status" }],
    },
  };
}
