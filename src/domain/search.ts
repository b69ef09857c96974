import type { Plan } from "./plan";

export interface SearchHit {
  kind: "action" | "milestone";
  id: string;
  actionId: string;
  title: string;
  /** How many of the query's words the text contains; an id match counts double. */
  score: number;
}

const STOP_WORDS = new Set(["the", "a", "an", "and", "or", "of", "to", "for", "in", "on", "with", "is", "are", "what", "about", "how"]);

export function searchWords(query: string): string[] {
  return query
    .toLowerCase()
    .split(/[^a-z0-9.]+/)
    .map((word) => word.replace(/^\.+|\.+$/g, ""))
    .filter((word) => word.length > 1 && !STOP_WORDS.has(word));
}

/** Actions and milestones whose text contains the query's words, best first. */
export function searchPlan(plan: Plan, query: string, limit = 10): SearchHit[] {
  const words = searchWords(query);
  if (words.length === 0) return [];
  const score = (id: string, text: string) => {
    const haystack = text.toLowerCase();
    return words.reduce((sum, word) => sum + (id === word ? 2 : 0) + (haystack.includes(word) ? 1 : 0), 0);
  };
  const hits: SearchHit[] = [];
  for (const action of plan.actions) {
    hits.push({ kind: "action", id: action.id, actionId: action.id, title: action.title, score: score(action.id, `${action.title} ${action.shortTitle ?? ""}`) });
    for (const milestone of action.milestones) {
      hits.push({ kind: "milestone", id: milestone.id, actionId: action.id, title: milestone.title, score: score(milestone.id, milestone.title) });
    }
  }
  return hits
    .filter((hit) => hit.score > 0)
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id, "en", { numeric: true }))
    .slice(0, limit);
}
