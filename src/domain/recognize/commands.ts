import type { Recognizable } from "./vocabulary";

/**
 * The reading commands as the recognizer sees them. Weights: a command word 3, a filled id
 * slot 3, a word that leans towards a command 0.5–1.
 */
export const RECOGNIZABLE_COMMANDS: readonly Recognizable[] = [
  { name: "help", keywords: { help: 3, greet: 3 }, slots: {}, examples: ["help", "hi", "what can you do?"] },
  { name: "thanks", keywords: { thanks: 3 }, slots: {}, examples: ["thanks", "thank you", "cheers"] },
  { name: "status", keywords: { status: 3, how: 0.5 }, slots: {}, examples: ["status", "how is the plan going?", "give me the overview"] },
  { name: "action", keywords: { status: 1, action: 1, how: 0.5, own: 0.5, who: 0.5 }, slots: { action: 3 }, required: ["action"], examples: ["status 1.2", "how's action 2.2 getting on?", "tell me about 1.4"] },
  { name: "milestone", keywords: { status: 1, milestone: 1, how: 0.5, due: 1, overdue: 1.5, own: 0.5, who: 0.5 }, slots: { milestone: 3, status: 0.5 }, required: ["milestone"], examples: ["status 1.2.4", "milestone 2.3.6", "is 1.2.4 overdue?"] },
  { name: "mine", keywords: { my: 3 }, slots: {}, examples: ["mine", "what do I own?", "my milestones"] },
  { name: "overdue", keywords: { overdue: 3, due: 2 }, slots: { person: 2, action: 2, area: 2 }, examples: ["what's overdue?", "what has Will Barnwell got overdue?", "overdue in 1.4"] },
  { name: "kpis", keywords: { kpi: 3 }, slots: { status: 1 }, examples: ["kpis", "how are the indicators looking?", "are we hitting our targets?"] },
  { name: "kpi", keywords: { kpi: 1, status: 0.5, how: 0.5 }, slots: { kpi: 3 }, required: ["kpi"], examples: ["kpi 7", "progress on KPI 3", "kpi 5 part a"] },
  { name: "risks", keywords: { risk: 3 }, slots: { status: 1 }, examples: ["risks", "show me the risk register", "which risks need review?"] },
  { name: "risk", keywords: { risk: 1, status: 0.5 }, slots: { risk: 3 }, required: ["risk"], examples: ["R5", "show me risk 3", "what's the mitigation for R2?"] },
  { name: "qi", keywords: { status: 0.5 }, slots: { qi: 3, area: 0.5 }, required: ["qi"], examples: ["QI 2 in area 1", "qi 4"] },
  { name: "area", keywords: { status: 1, action: 0.5, how: 0.5 }, slots: { area: 3 }, required: ["area"], examples: ["area 2", "how is area 1 doing?"] },
  { name: "person", keywords: { own: 2, has: 0.5, action: 0.5, milestone: 0.5, who: 0.5, how: 0.5 }, slots: { person: 3 }, required: ["person"], examples: ["what does Amy Joynes own?", "Gemma's milestones", "what is Tim Cockerill leading?"] },
  { name: "filter", keywords: { which: 1, action: 0.5, milestone: 0.5 }, slots: { status: 3, area: 1, action: 1, person: 1 }, required: ["status"], examples: ["which actions are red?", "amber milestones in area 2", "what's complete in 1.4?"] },
  { name: "boards", keywords: { board: 3, meet: 3, next: 1, when: 1 }, slots: { board: 1.5 }, examples: ["when does the board next meet?", "boards", "next partnership board meeting"] },
  { name: "digest", keywords: { digest: 4.5 }, slots: { board: 1.5 }, examples: ["digest", "show the digest for the Children and Families Board"] },
  { name: "changes", keywords: { changed: 3, since: 1 }, slots: { period: 2, board: 0.5, action: 1, area: 1 }, examples: ["what changed since the last board?", "what's new since October 2023?", "changes last month"] },
  { name: "update", keywords: { set: 3 }, slots: { milestone: 3, status: 1 }, required: ["milestone"], requiredConcepts: ["set"], examples: ["mark 2.4.1 complete", "set 1.2.4 to amber", "update 1.2.4"] },
  { name: "find", keywords: { find: 4 }, slots: { words: 1 }, required: ["words"], examples: ["find autism", "search for exclusion"] },
  { name: "people", keywords: { people: 3 }, slots: {}, examples: ["people"] },
];
