import type { Person, Plan } from "./plan";

const normalise = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** A plan person named by id or by name, forgiving case, spaces and hyphens ("Claire Merchant Jones"). */
export function findPersonByName(plan: Pick<Plan, "people">, text: string): Person | undefined {
  const wanted = normalise(text);
  if (wanted === "") return undefined;
  return plan.people.find((p) => p.id === text.trim()) ?? plan.people.find((p) => normalise(p.name) === wanted);
}

/** The plan person whose email or UPN is this address (Teams gives both for a member). */
export function findPersonByAddress(plan: Pick<Plan, "people">, addresses: (string | undefined)[]): Person | undefined {
  const wanted = new Set(addresses.filter((a): a is string => !!a).map((a) => a.toLowerCase()));
  return plan.people.find((p) => (p.email && wanted.has(p.email.toLowerCase())) || (p.upn && wanted.has(p.upn.toLowerCase())));
}
