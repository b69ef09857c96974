/**
 * What the recognizer knows about words: the concepts that point at commands, the words
 * it ignores, and the declarations of the reading commands (their keywords, the slots they
 * take and example questions that work). The command table adds these declarations to its
 * commands; the recognizer and the help card read them from there.
 */

export const SLOT_KINDS = ["milestone", "action", "kpi", "risk", "qi", "area", "person", "status", "period", "board", "number", "words"] as const;
export type RecognizerSlot = (typeof SLOT_KINDS)[number];

/** Words grouped by what they point at. A word typed with a slip or two is read as the concept's word. */
export const CONCEPT_WORDS = {
  help: ["help", "menu", "commands", "options", "instructions", "guide", "hints", "usage", "manual"],
  greet: ["hi", "hello", "hey", "hiya", "morning", "afternoon", "evening", "howdy", "greetings"],
  thanks: ["thanks", "thank", "thx", "ty", "ta", "cheers", "appreciated", "appreciate", "brilliant", "great", "perfect", "lovely", "cool", "nice", "ok", "okay", "excellent", "fab", "fantastic", "wonderful", "awesome", "bye", "goodbye"],
  status: ["status", "progress", "summary", "overview", "dashboard", "rag", "position", "overall", "picture", "table", "report", "statuses", "stats", "plan", "app"],
  overdue: ["overdue", "lateness", "late", "missed", "outstanding", "lapsed", "overran", "slipped", "past"],
  due: ["due", "deadline", "deadlines"],
  my: ["my", "mine", "myself"],
  kpi: ["kpi", "kpis", "indicator", "indicators", "measure", "measures", "metric", "metrics", "targets", "target", "performance"],
  risk: ["risk", "risks", "register", "mitigation", "mitigations", "score", "scores"],
  board: ["board", "boards", "committee"],
  meet: ["meet", "meets", "meeting", "meetings", "meeeting"],
  next: ["next", "upcoming", "coming", "following"],
  when: ["when", "date", "dates", "day"],
  digest: ["digest", "papers", "pack", "briefing", "bulletin"],
  changed: ["changed", "changes", "new", "happened", "moved", "updates", "updated", "latest", "recent", "recently", "difference", "news", "movement"],
  since: ["since"],
  own: ["own", "owns", "owned", "owner", "owning", "lead", "leads", "leading", "led", "responsible", "assigned", "accountable", "portfolio"],
  has: ["got", "has", "have", "doing", "working", "handling", "holding"],
  action: ["action", "actions"],
  milestone: ["milestone", "milestones", "deliverable", "deliverables", "task", "tasks"],
  which: ["which", "list", "all", "every", "any"],
  set: ["mark", "update", "set", "change", "move", "make", "flag", "rate", "put", "turn", "switch", "record", "log", "close", "tick", "sign"],
  find: ["find", "search", "lookup", "mention", "mentions", "mentioning", "containing", "about", "regarding"],
  how: ["how", "hows", "going", "getting", "progressing", "looking", "doing"],
  people: ["people"],
  who: ["who", "whos", "whose"],
  /** Issue 23's governance words. "review" alone stays with risk reviews. */
  issue: ["issue", "issues", "problem", "problems"],
  escalated: ["escalated", "escalate", "escalations", "escalating"],
  external: ["dfe", "nhse", "external", "recommendations", "recommendation", "advisers", "advisors", "feedback", "say", "said", "letter"],
  checkpoint: ["checkpoint", "checkpoints", "audit", "audits"],
  /** Set by the shape of a question ("is 2.3 on track?"), not by a word of its own. */
  ask: [],
} as const;
export type Concept = keyof typeof CONCEPT_WORDS;

/**
 * Commands that other issues add, and the plurals beside singular command words: reserved,
 * so that no slip of the keyboard turns them into a command that is here (plans is not plan,
 * admins is not admin).
 */
export const RESERVED_WORDS = ["plans", "admin", "admins", "history", "review", "reviews", "qis", "use", "areas"];

/**
 * Words that carry no meaning for the question: politeness, filler, grammar. They are never
 * read as a person's name or corrected into a command word.
 */
export const FILLER_WORDS = new Set(
  `please pls plz can could would will you u show me give tell i id im ive like want wanna need to see the a an of for on in at is are was were be been being we our us ours let lets know just quickly quick now currently current with and or so do does did what whats which how
   there theres any anything it its this that thats these those they them their up get gets am some into from by as if then than also too very really bit
   kindly possible view display bring pull out whole entire full everything thing things stuff here hear please thankyou bot tracker plantracker` .split(/\s+/),
);

/**
 * Everyday words never read as a name ("date" is not Dave, "will" is not Will unless typed
 * with a capital), nor corrected into a command word.
 */
export const COMMON_WORDS = new Set(
  `will rose rob date data dates gave save same some sure said note notes north south west east been being well good bad back more most much many each other only same such
   first last previous before after week weeks month months year years today yesterday tomorrow ago quarter quarterly monthly weekly since until till between
   january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
   area areas point number one two three four five six seven eight nine ten part parts team teams school schools child children young family families
   work working plan plans still yet ever never again already done complete completed finished green amber red blue colour color colours
   track tracking behind slipping ahead okay fine open closed pending started start starting end ended ending level levels where why whom
   need needs needed going doing being having make made making take taken give given keep kept find found look looked seem seems seemed
   should shall must might may able about above below under over across against along among around without within through throughout
   plate slate later gate mate ones one fate hate rate note
   send health care social education service services support autism mental inclusion exclusion assessment provision settings`.split(/\s+/),
);

export const STATUS_PHRASES: ReadonlyArray<{ words: string[]; status: "blue" | "green" | "amber" | "red" }> = [
  { words: ["on", "track"], status: "green" },
  { words: ["ontrack"], status: "green" },
  { words: ["off", "track"], status: "red" },
  { words: ["offtrack"], status: "red" },
  { words: ["at", "risk"], status: "amber" },
  { words: ["not", "on", "track"], status: "red" },
  { words: ["not", "done"], status: "amber" },
  { words: ["blue"], status: "blue" },
  { words: ["complete"], status: "blue" },
  { words: ["completed"], status: "blue" },
  { words: ["done"], status: "blue" },
  { words: ["finished"], status: "blue" },
  { words: ["closed"], status: "blue" },
  { words: ["delivered"], status: "blue" },
  { words: ["achieved"], status: "blue" },
  { words: ["green"], status: "green" },
  { words: ["amber"], status: "amber" },
  { words: ["orange"], status: "amber" },
  { words: ["yellow"], status: "amber" },
  { words: ["behind"], status: "amber" },
  { words: ["slipping"], status: "amber" },
  { words: ["red"], status: "red" },
];

/** Status words long enough to be read through a slip ("ambr", "gren", "compelte"). */
export const FUZZY_STATUS_WORDS = ["blue", "green", "amber", "complete", "completed", "finished", "slipping"];

/** A command's name in the command table. */
export type RecognizedName = string;

/** How a reading command is recognised: the words that point at it and the slots it takes (declared with the command in the table). */
export interface RecognitionRules {
  /** Concepts that point at this command, and how strongly. */
  keywords: Partial<Record<Concept, number>>;
  /** Slots it takes, and how strongly a filled one points at it. A slot the command cannot take counts against it. */
  slots: Partial<Record<RecognizerSlot, number>>;
  /** Slots without which it cannot be the reading. */
  required?: RecognizerSlot[];
  /** Concepts without which it cannot be the reading: a change is asked for only in words that ask for one. */
  requiredConcepts?: Concept[];
}

/** A command as the recognizer sees it. */
export interface Recognizable extends RecognitionRules {
  name: RecognizedName;
  /** Questions that work, as people ask them: help, the fallback's buttons, tests. */
  examples: string[];
}
