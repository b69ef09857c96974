import { messageCard, type CardReply } from "../../cards/cards";
import type { HandlerContext } from "../commandTypes";

const lower = (text: string | undefined) => text?.trim().toLowerCase() || undefined;

/**
 * `link by email` (the people card's Link by email): every plan person not linked yet whose
 * email or UPN is in the plan is matched against the members of this team (or chat), by email
 * and UPN. One member: linked (never over another link). None: not found. Several: ambiguous,
 * left for "link <name> to @them". An admin's explicit action, in the team they chose.
 */
export async function linkByEmailCommand(context: HandlerContext<"links" | "teams">): Promise<CardReply> {
  const { services, planId, view, turn } = context;
  const linked = new Set((await services.links.list(planId)).map((link) => link.personId));
  const candidates = view.plan.people.filter((p) => !linked.has(p.id) && (p.email || p.upn));
  if (candidates.length === 0) return messageCard("Everyone in the plan with an email address is linked already.", { title: "Link by email", buttons: [{ title: "People", command: "people" }] });
  const members = (await services.teams.members()).filter((m) => m.aadObjectId);
  const outcome = { linked: [] as string[], notFound: [] as string[], ambiguous: [] as string[] };
  for (const person of candidates) {
    const addresses = new Set([lower(person.email), lower(person.upn)].filter(Boolean));
    const matches = new Map(members.filter((m) => addresses.has(lower(m.email)) || addresses.has(lower(m.userPrincipalName))).map((m) => [m.aadObjectId!, m]));
    if (matches.size === 0) outcome.notFound.push(person.name);
    else if (matches.size > 1) outcome.ambiguous.push(`${person.name} (${matches.size} members match)`);
    else {
      const member = [...matches.values()][0]!;
      const result = await services.links.linkIfFree(planId, person.id, { aadObjectId: member.aadObjectId!, name: member.name, tenantId: turn.conversation.tenantId }, turn.sender.name || "an admin (link by email)");
      if (result.linked) outcome.linked.push(`${person.name} → ${member.name}`);
      else outcome.ambiguous.push(`${person.name} (the match is linked already: ${result.linkedTo})`);
    }
  }
  const section = (title: string, names: string[]) => (names.length ? `**${title} (${names.length})**: ${names.join("; ")}` : `**${title}**: none`);
  return messageCard([section("Linked", outcome.linked), section("Not found in this team", outcome.notFound), section("Ambiguous", outcome.ambiguous)].join("\n\n"), {
    title: "Link by email",
    detail: 'Link the rest by hand with "link <name> to @them".',
    buttons: [{ title: "People", command: "people" }],
  });
}
