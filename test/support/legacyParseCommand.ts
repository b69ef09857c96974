/**
 * The parser as it was before the command table (commit f1ddd0b, src/bot/parseCommand.ts),
 * kept as the oracle that the table's phrasings read every text the same way.
 *
 * What a user typed, as a command. Pure: the mention of the bot has already been
 * removed. Text that names no command is a search, so an answer is never silence.
 */
export type Command =
  | { name: "help" }
  | { name: "status" }
  | { name: "action"; actionId: string }
  | { name: "mine" }
  | { name: "overdue" }
  | { name: "kpis" }
  | { name: "kpi"; kpiId: string }
  | { name: "risks" }
  | { name: "find"; words: string }
  | { name: "people" }
  | { name: "update"; milestoneId: string }
  | { name: "link"; personName: string }
  | { name: "boards" }
  | { name: "digest"; board?: string }
  | { name: "digestHere"; board: string }
  | { name: "empty" };

const ACTION_ID = /\b(\d{1,2}\.\d{1,2})\b/;

export function parseCommand(input: string): Command {
  const text = input.replace(/\s+/g, " ").trim().replace(/[?!.]+$/, "");
  const lower = text.toLowerCase();
  if (lower === "") return { name: "empty" };
  if (/^(help|\?|hi|hello|menu|what can you do)$/.test(lower)) return { name: "help" };
  if (/^(mine|my actions|my milestones|my work)$/.test(lower)) return { name: "mine" };
  if (/^(overdue|late|what is overdue|what's overdue)$/.test(lower)) return { name: "overdue" };
  if (/^(kpis|kpi|kpi status|indicators)$/.test(lower)) return { name: "kpis" };
  const kpi = /^kpi\s*(\d{1,2})$/.exec(lower);
  if (kpi) return { name: "kpi", kpiId: `KPI ${kpi[1]}` };
  if (/^(risks|risk register|risk)$/.test(lower)) return { name: "risks" };
  if (/^people$/.test(lower)) return { name: "people" };
  if (/^(boards?|meetings|board meetings)$/.test(lower)) return { name: "boards" };
  const digestHere = /^digest here(?:\s+for\s+(.+))?$/i.exec(text);
  if (digestHere) return { name: "digestHere", board: digestHere[1] ?? "" };
  const digest = /^digest(?:\s+(?:for\s+)?(.+))?$/i.exec(text);
  if (digest) return digest[1] ? { name: "digest", board: digest[1] } : { name: "digest" };
  const update = /^update\s+(\d{1,2}\.\d{1,2}\.\d{1,2})$/.exec(lower);
  if (update) return { name: "update", milestoneId: update[1]! };
  // "link Gemma Reeves to @Gemma": the person is named; the Teams user is the mention.
  const link = /^link\s+(.+?)\s+to(\s|$)/i.exec(text);
  if (link) return { name: "link", personName: link[1]! };
  const find = /^(find|search)\s+(.+)$/.exec(text);
  if (find) return { name: "find", words: find[2]! };
  if (/^(status|progress|summary|plan)$/.test(lower)) return { name: "status" };
  // "status 1.2", "action 1.2", "1.2", "how is 1.2 doing?"
  const action = ACTION_ID.exec(lower);
  if (action && /^(status |action |how is |how's |show )?\d{1,2}\.\d{1,2}( doing| going)?$/.test(lower)) return { name: "action", actionId: action[1]! };
  return { name: "find", words: text };
}
