/**
 * Who has gone (issue 22): the plan people `people` marks "gone", each with a Reassign button.
 * Pure: a function of what the prompt records and the team membership records say.
 *
 * - **By prompts**: the person's two latest prompts, each in its own cycle, were both refused
 *   by Teams with 403 or 404 (blocked, removed, no such conversation). A cycle in which they
 *   were not messaged, or whose send failed otherwise (a 5xx, not linked), tells nothing and
 *   is passed over; a prompt Teams accepted ends the run.
 * - **By teams**: Teams told the bot they were removed (`membersRemoved`) from every team the
 *   bot is installed in. A team the bot has left does not count; with no team installed,
 *   nobody is gone this way.
 *
 * Either way a later sign of the person is "back": a prompt Teams accepted after the removal,
 * or a `membersAdded` of them to any team after the refusals.
 */
export interface PromptOutcome {
  /** The plan person the message went to (its recipient). */
  personId: string;
  cycle: string;
  /** "refused": Teams answered 403 or 404; "other": not sent for any other reason. */
  outcome: "sent" | "refused" | "other";
  /** When it was sent, or tried. */
  at: string;
}

export interface TeamMembership {
  teamId: string;
  state: "in" | "removed";
  /** When Teams told the bot. */
  at: string;
}

export interface GoneFacts {
  prompts: readonly PromptOutcome[];
  /** Plan person id → what Teams said of them, team by team (the latest word per team). */
  memberships: ReadonlyMap<string, readonly TeamMembership[]>;
  /** The teams the bot is installed in now. */
  installedTeams: readonly string[];
}

/** Teams refused the message: the person blocked the bot, was removed, or the conversation is gone. */
const REFUSED_STATUS = new Set([403, 404]);

/** What each stored prompt says about its recipient (pending ones say nothing yet). */
export function promptOutcomes(prompts: readonly { recipient: string; cycle: string; state: string; teamsStatus?: number; sentAt?: string; createdAt: string }[]): PromptOutcome[] {
  return prompts.flatMap((p): PromptOutcome[] => {
    if (p.state === "pending") return [];
    const outcome = p.state === "sent" ? "sent" : p.state === "unreachable" && p.teamsStatus !== undefined && REFUSED_STATUS.has(p.teamsStatus) ? "refused" : "other";
    return [{ personId: p.recipient, cycle: p.cycle, outcome, at: p.sentAt ?? p.createdAt }];
  });
}

/** Plan person id → why they count as gone, in words. */
export function gonePeople(personIds: readonly string[], facts: GoneFacts): Map<string, string> {
  const gone = new Map<string, string>();
  for (const personId of personIds) {
    const why = goneByPrompts(personId, facts) ?? goneByTeams(personId, facts);
    if (why !== undefined) gone.set(personId, why);
  }
  return gone;
}

/** One outcome per cycle (one message per person per cycle; "sent" wins over anything recorded beside it), latest first. */
function outcomesOf(personId: string, prompts: readonly PromptOutcome[]): PromptOutcome[] {
  const byCycle = new Map<string, PromptOutcome>();
  for (const prompt of prompts) {
    if (prompt.personId !== personId) continue;
    const held = byCycle.get(prompt.cycle);
    if (!held || prompt.outcome === "sent" || (held.outcome === "other" && prompt.outcome === "refused")) byCycle.set(prompt.cycle, prompt);
  }
  return [...byCycle.values()].sort((a, b) => (a.cycle < b.cycle ? 1 : a.cycle > b.cycle ? -1 : 0));
}

function goneByPrompts(personId: string, facts: GoneFacts): string | undefined {
  const telling = outcomesOf(personId, facts.prompts).filter((p) => p.outcome !== "other");
  const [latest, before] = telling;
  if (!latest || !before || latest.outcome !== "refused" || before.outcome !== "refused") return undefined;
  const addedSince = (facts.memberships.get(personId) ?? []).some((m) => m.state === "in" && m.at > latest.at);
  if (addedSince) return undefined;
  return `Teams refused their prompts of ${before.cycle} and ${latest.cycle} (403 or 404)`;
}

function goneByTeams(personId: string, facts: GoneFacts): string | undefined {
  if (facts.installedTeams.length === 0) return undefined;
  const latestWord = new Map((facts.memberships.get(personId) ?? []).map((m) => [m.teamId, m]));
  const removals = facts.installedTeams.map((team) => latestWord.get(team));
  if (!removals.every((m) => m?.state === "removed")) return undefined;
  const removedAt = removals.reduce((latest, m) => (m!.at > latest ? m!.at : latest), "");
  const sentSince = facts.prompts.some((p) => p.personId === personId && p.outcome === "sent" && p.at > removedAt);
  if (sentSince) return undefined;
  return facts.installedTeams.length === 1 ? "removed from the team Plan Tracker is installed in" : `removed from all ${facts.installedTeams.length} teams Plan Tracker is installed in`;
}
