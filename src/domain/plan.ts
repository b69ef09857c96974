import { parseMeetingRule } from "./meetingRule";
import { parseCheckpointRule } from "./milestoneCheckpoints";
import { z } from "zod";
import { isIsoDate, parsePlanDate, type IsoDate } from "./dates";
import { statusSchema } from "./status";
import { DEFAULT_STATUS_RULE, statusRuleSchema } from "./statusRule";

/**
 * The plan model. These schemas are the single source of the plan's TypeScript
 * types: the JSON plan file, the CSV importer and the rows read back from Azure
 * Tables are all checked against them.
 */

/** Ids become parts of Azure Tables keys, which may not contain / \ # ? or control characters. */
const KEY_SAFE = /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/;
const idSchema = z.string().regex(KEY_SAFE, "must be letters, digits, spaces, '.', '_' or '-'").max(64);
const slugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "must be lowercase letters, digits and '-'").max(64);

const sourceNote = z.string().min(1).optional();

export const isoDateSchema = z.string().refine(isIsoDate, { error: (issue) => `"${String(issue.input)}" is not a date (YYYY-MM-DD)` });

/** A date as people write it in a plan; a month alone means its last day (a due date) or first day (a start). */
function planDateSchema(monthMeans: "start" | "end") {
  return z.string().transform((text, ctx): IsoDate => {
    const date = parsePlanDate(text, monthMeans);
    if (date === undefined) {
      ctx.addIssue({ code: "custom", message: `"${text}" is not a date` });
      return z.NEVER;
    }
    return date;
  });
}
export const dueDateSchema = planDateSchema("end");
export const startDateSchema = planDateSchema("start");

const timeZoneSchema = z.string().refine(
  (zone) => {
    try {
      new Intl.DateTimeFormat("en-GB", { timeZone: zone });
      return true;
    } catch {
      return false; // Intl throws RangeError for an unknown zone: that is the answer, not a failure.
    }
  },
  { error: (issue) => `"${String(issue.input)}" is not a time zone` },
);

export const personSchema = z.strictObject({
  id: slugSchema,
  name: z.string().min(1),
  /** An owner may be a named person, a role not yet filled ("Pathway programme lead") or an organisation. */
  kind: z.enum(["person", "role", "organisation"]).default("person"),
  role: z.string().min(1).optional(),
  organisation: z.string().min(1).optional(),
  /** Used to find the person in Teams; optional because plans are written before anyone is linked. */
  email: z.email().optional(),
  upn: z.string().min(3).optional(),
  sourceNote,
});

export const areaSchema = z.strictObject({
  id: idSchema,
  title: z.string().min(1),
  shortTitle: z.string().min(1).optional(),
  successCriteria: z.array(z.string().min(1)).min(1),
});

export const milestoneSchema = z
  .strictObject({
    id: idSchema,
    title: z.string().min(1),
    owners: z.array(slugSchema).default([]),
    start: startDateSchema.optional(),
    due: dueDateSchema.optional(),
    /** "From May 2023": continuing work with no due date. */
    ongoing: z.boolean().default(false),
    /** The rating a new milestone starts with; an imported file never overwrites a recorded status. */
    status: statusSchema.default("unrated"),
    /**
     * Checkpoints inside the milestone (issue 23): dates ("2023-11-01; 2024-02-01"), or a rule:
     * "every 2 weeks", "at 6, 9 and 12 months from start", "monthly", "quarterly", "six-monthly".
     */
    checkpoints: z
      .string()
      .min(1)
      .refine((text) => parseCheckpointRule(text) !== undefined, { error: (issue) => `"${String(issue.input)}" is not a checkpoint rule (dates, "every 2 weeks", "at 6, 9 and 12 months from start" or "six-monthly")` })
      .optional(),
    /** Added in Plan Tracker (a review's recommendation made a milestone), not by a plan file: an import does not remove it. */
    origin: z.strictObject({ kind: z.literal("app"), from: z.string().min(1), at: z.string().min(1), by: z.string().min(1) }).optional(),
    sourceNote,
  })
  .superRefine((milestone, ctx) => {
    if (milestone.ongoing && milestone.due !== undefined) {
      ctx.addIssue({ code: "custom", path: ["due"], message: "an ongoing milestone has no due date" });
    }
    if (!milestone.ongoing && milestone.due === undefined) {
      ctx.addIssue({ code: "custom", path: ["due"], message: "a due date is required unless the milestone is ongoing" });
    }
    if (milestone.start !== undefined && milestone.due !== undefined && milestone.start > milestone.due) {
      ctx.addIssue({ code: "custom", path: ["start"], message: `starts (${milestone.start}) after it is due (${milestone.due})` });
    }
  });

export const actionSchema = z.strictObject({
  id: idSchema,
  title: z.string().min(1),
  shortTitle: z.string().min(1).optional(),
  area: idSchema,
  lead: slugSchema,
  due: dueDateSchema,
  milestones: z.array(milestoneSchema).default([]),
  sourceNote,
});

export const KPI_UNITS = ["percent", "count", "weeks", "months", "days", "milestone"] as const;

/** The wording the plan publishes ("<50%", "new measure"): shown exactly so; the number is for computation only. */
const published = z.string().min(1).optional();

const targetSchema = z.union([
  z.object({ value: z.number(), published, sourceNote }).strict(),
  /** "95% of baseline" is written { "shareOfBaseline": 0.95 }. */
  z.object({ shareOfBaseline: z.number().positive().max(10), published, sourceNote }).strict(),
  /** A text milestone such as "Launched Q2", judged by people rather than computed. */
  z.object({ text: z.string().min(1), sourceNote }).strict(),
]);

export const CHECKPOINT_MONTHS = [3, 6, 12] as const;
export type CheckpointKey = "m3" | "m6" | "m12";

const baselineSchema = z.strictObject({
  /** No value means the baseline is still to be confirmed. */
  value: z.number().optional(),
  date: dueDateSchema.optional(),
  /** The baseline as the plan publishes it ("<50% (new measure)"), shown exactly so. */
  published,
  /** A note about the baseline ("Baseline captured in April 2023 audit of websites"), shown as a note. */
  text: z.string().min(1).optional(),
  sourceNote,
});
const targetsSchema = z.strictObject({
  m3: targetSchema.nullable().optional(),
  m6: targetSchema.nullable().optional(),
  m12: targetSchema.nullable().optional(),
});
const measurementsSchema = z.array(
  z.strictObject({ date: dueDateSchema, value: z.number(), note: z.string().optional(), source: z.string().optional() }),
);
const unitSchema = z.enum(KPI_UNITS);
const directionSchema = z.enum(["increase", "reduce"]);

type MeasureInput = {
  unit?: (typeof KPI_UNITS)[number];
  baseline?: { value?: number };
  targets?: Partial<Record<CheckpointKey, z.infer<typeof targetSchema> | null>>;
  measurements?: { value: number }[];
};

/** Percentages above 100 are almost always a typing slip in the source ("900%" for 90%). */
function checkPercentages(measure: MeasureInput, ctx: z.RefinementCtx, path: (string | number)[]): void {
  if (measure.unit !== "percent") return;
  const check = (value: number | undefined, at: (string | number)[]) => {
    if (value === undefined) return;
    if (value > 100) ctx.addIssue({ code: "custom", path: [...path, ...at], message: `${value}% is above 100%` });
    if (value < 0) ctx.addIssue({ code: "custom", path: [...path, ...at], message: `${value}% is below 0%` });
  };
  check(measure.baseline?.value, ["baseline", "value"]);
  for (const key of ["m3", "m6", "m12"] as const) {
    const target = measure.targets?.[key];
    if (target && "value" in target) check(target.value, ["targets", key]);
  }
  measure.measurements?.forEach((m, i) => check(m.value, ["measurements", i, "value"]));
}

export const kpiPartSchema = z
  .strictObject({
    id: idSchema,
    label: z.string().min(1),
    unit: unitSchema,
    direction: directionSchema,
    baseline: baselineSchema.default({}),
    targets: targetsSchema.default({}),
    measurements: measurementsSchema.default([]),
    /** Who records this part's measurements, when not the KPI's owner. */
    owner: slugSchema.optional(),
  })
  .superRefine((part, ctx) => checkPercentages(part, ctx, []));

export const kpiSchema = z
  .strictObject({
    id: idSchema,
    title: z.string().min(1),
    areas: z.array(idSchema).min(1),
    unit: unitSchema.optional(),
    direction: directionSchema.optional(),
    baseline: baselineSchema.optional(),
    targets: targetsSchema.optional(),
    measurements: measurementsSchema.optional(),
    /** A KPI that tracks two figures (KPI 5 (a) and (b)) lists them as parts, each a measure of its own. */
    parts: z.array(kpiPartSchema).min(2).optional(),
    /** The person who records its measurements each month (a part may name its own). */
    owner: slugSchema.optional(),
    sourceNote,
  })
  .superRefine((kpi, ctx) => {
    if (kpi.parts !== undefined) {
      for (const field of ["unit", "direction", "baseline", "targets", "measurements"] as const) {
        if (kpi[field] !== undefined) ctx.addIssue({ code: "custom", path: [field], message: "belongs in each of the KPI's parts" });
      }
      return;
    }
    if (kpi.unit === undefined) ctx.addIssue({ code: "custom", path: ["unit"], message: `is required (one of ${KPI_UNITS.join(", ")})` });
    if (kpi.direction === undefined) ctx.addIssue({ code: "custom", path: ["direction"], message: "is required (increase or reduce)" });
    checkPercentages(kpi, ctx, []);
  });

export const QI_CADENCES = ["monthly", "quarterly", "six-monthly", "annual", "per-board-meeting", "as-available"] as const;

export const qiSchema = z.strictObject({
  id: idSchema,
  /** The plan's own label ("QI 2"), which repeats across areas; `id` is unique. */
  ref: z.string().min(1),
  area: idSchema,
  title: z.string().min(1),
  cadence: z.enum(QI_CADENCES),
  /** The person who records its findings at its cadence. */
  owner: slugSchema.optional(),
  /** Evidence of lived experience and co-production: its latest findings head every monthly board's digest. */
  livedExperience: z.boolean().default(false),
  sourceNote,
});

const levelSchema = z.enum(["low", "medium", "high"]);
const ratingSchema = z.strictObject({ likelihood: levelSchema, impact: levelSchema });

export const riskSchema = z.strictObject({
  id: idSchema,
  date: dueDateSchema,
  risk: z.string().min(1),
  before: ratingSchema,
  mitigation: z.string().min(1),
  after: ratingSchema,
  progress: z.string().default(""),
  owner: slugSchema.optional(),
  reviewEveryMonths: z.number().int().positive().default(3),
  lastReviewed: dueDateSchema.optional(),
  sourceNote,
});

export const CADENCES = ["monthly", "quarterly", "six-monthly"] as const;

const recommendationSchema = z.strictObject({
  id: idSchema,
  text: z.string().min(1),
  /** The actions and milestones that answer it. */
  actions: z.array(idSchema).default([]),
  milestones: z.array(idSchema).default([]),
  sourceNote,
});

/** An external review (DfE and NHS England): a meeting of the board that holds it, its findings and recommendations. */
export const externalReviewSchema = z.strictObject({
  board: slugSchema,
  date: isoDateSchema,
  title: z.string().min(1),
  /** The letter or report the feedback came in. */
  document: z.strictObject({ title: z.string().min(1), date: isoDateSchema.optional(), link: z.string().regex(/^https:\/\/\S+$/, "must be an https:// link").optional() }).optional(),
  findings: z.array(z.string().min(1)).default([]),
  recommendations: z.array(recommendationSchema).default([]),
  sourceNote,
});

export const boardSchema = z
  .strictObject({
    id: slugSchema,
    name: z.string().min(1),
    cadence: z.enum(CADENCES).optional(),
    /** When it meets, as a rule: "second Tuesday of the month", "last Thursday". */
    meetingRule: z.string().refine((text) => parseMeetingRule(text) !== undefined, { error: (issue) => `"${String(issue.input)}" is not a meeting rule such as "second Tuesday of the month"` }).optional(),
    /** The months (1-12) a quarterly or six-monthly board meets in; by default counted from the plan's start. */
    meetingMonths: z.array(z.number().int().min(1).max(12)).min(1).optional(),
    meetingDates: z.array(isoDateSchema).default([]),
    /** Working days before each meeting that its digest is posted. */
    digestLeadDays: z.number().int().min(0).max(30).default(5),
    description: z.string().min(1).optional(),
    reportsTo: slugSchema.optional(),
    /** Where the sources disagree about the cadence, what each says. */
    cadenceNote: z.string().min(1).optional(),
    /** Whether its digest shows each action's row (as seed 003's board table does) or area totals only. */
    detail: z.enum(["actions", "areas"]).default("actions"),
    /** Every meeting has a focus on lived experience (seed 002): its digest shows the lived-experience QIs' latest findings. */
    livedExperience: z.boolean().default(false),
    sourceNote,
  })
  .refine((board) => board.cadence !== undefined || board.meetingDates.length > 0, {
    message: "needs a cadence or meeting dates",
  })
  .refine((board) => board.meetingRule === undefined || board.cadence !== undefined, {
    message: "a meeting rule needs a cadence (monthly, quarterly or six-monthly)",
    path: ["meetingRule"],
  });

const planObjectSchema = z.strictObject({
    /** Lets an editor offer completion from a JSON schema; ignored by Plan Tracker. */
    $schema: z.string().optional(),
    id: slugSchema,
    title: z.string().min(1),
    localArea: z.string().min(1),
    /** KPI checkpoints (3, 6 and 12 months) count from this date. */
    startDate: dueDateSchema,
    timeZone: timeZoneSchema.default("Europe/London"),
    /**
     * The council's Microsoft Entra tenant id. Linking a Teams user to a plan person by email
     * happens only for users of this tenant (or of ALLOWED_TENANT_IDS): an address alone proves
     * nothing across tenants.
     */
    tenantId: z.string().trim().min(1).max(100).optional(),
    statusRule: statusRuleSchema.default(DEFAULT_STATUS_RULE),
    sourceNote,
    areas: z.array(areaSchema).min(1),
    actions: z.array(actionSchema).min(1),
    people: z.array(personSchema).default([]),
    kpis: z.array(kpiSchema).default([]),
    qis: z.array(qiSchema).default([]),
    risks: z.array(riskSchema).default([]),
    boards: z.array(boardSchema).default([]),
    externalReviews: z.array(externalReviewSchema).default([]),
});

export const planSchema = planObjectSchema.superRefine((plan, ctx) => checkReferences(plan as unknown as Loose, ctx), {
  when: (payload) => typeof payload.value === "object" && payload.value !== null,
});

export type Plan = z.output<typeof planSchema>;
export type PlanInput = z.input<typeof planSchema>;
export type Person = z.output<typeof personSchema>;
export type Area = z.output<typeof areaSchema>;
export type Action = z.output<typeof actionSchema>;
export type Milestone = z.output<typeof milestoneSchema>;
export type Kpi = z.output<typeof kpiSchema>;
export type KpiPart = z.output<typeof kpiPartSchema>;
export type KpiTarget = z.output<typeof targetSchema>;
export type Qi = z.output<typeof qiSchema>;
export type Risk = z.output<typeof riskSchema>;
export type Board = z.output<typeof boardSchema>;
export type Level = z.output<typeof levelSchema>;
export type ExternalReview = z.output<typeof externalReviewSchema>;
export type Recommendation = z.output<typeof recommendationSchema>;

type Loose = Record<string, unknown>;
/** The plan as parsed so far: when other parts are invalid, reference checks still run, on whatever is there. */
const list = (value: unknown): Loose[] => (Array.isArray(value) ? value.filter((v): v is Loose => typeof v === "object" && v !== null) : []);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * Ids must be unique and every reference must name something the plan defines. It
 * runs even when other parts of the file are invalid, so a file's problems are all
 * reported at once.
 */
function checkReferences(plan: Loose, ctx: z.RefinementCtx): void {
  const unique = (path: string, what: string) => {
    const seen = new Map<string, number>();
    list(plan[path]).forEach((item, i) => {
      const id = text(item.id);
      if (id === undefined) return;
      const first = seen.get(id);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: [path, i, "id"], message: `${what} "${id}" is already defined at ${path}[${first}]` });
      else seen.set(id, i);
    });
  };
  unique("areas", "area");
  unique("actions", "action");
  unique("people", "person");
  unique("kpis", "KPI");
  unique("qis", "QI");
  unique("risks", "risk");
  unique("boards", "board");

  const ids = (path: string) => new Set(list(plan[path]).map((item) => text(item.id)));
  const areas = ids("areas");
  const people = ids("people");
  const boards = ids("boards");
  const isPerson = (id: unknown, path: (string | number)[]) => {
    if (typeof id === "string" && !people.has(id)) ctx.addIssue({ code: "custom", path, message: `"${id}" is not a person in the plan's people` });
  };
  const isArea = (id: unknown, path: (string | number)[]) => {
    if (typeof id === "string" && !areas.has(id)) ctx.addIssue({ code: "custom", path, message: `"${id}" is not an area of weakness in the plan` });
  };

  const milestoneIds = new Map<string, string>();
  list(plan.actions).forEach((action, a) => {
    isArea(action.area, ["actions", a, "area"]);
    isPerson(action.lead, ["actions", a, "lead"]);
    list(action.milestones).forEach((milestone, m) => {
      const id = text(milestone.id);
      if (id !== undefined) {
        const first = milestoneIds.get(id);
        if (first !== undefined) ctx.addIssue({ code: "custom", path: ["actions", a, "milestones", m, "id"], message: `milestone "${id}" is already defined at ${first}` });
        else milestoneIds.set(id, `actions[${a}].milestones[${m}]`);
      }
      if (Array.isArray(milestone.owners)) milestone.owners.forEach((owner: unknown, o) => isPerson(owner, ["actions", a, "milestones", m, "owners", o]));
    });
  });
  list(plan.kpis).forEach((kpi, k) => {
    if (Array.isArray(kpi.areas)) kpi.areas.forEach((area: unknown, i) => isArea(area, ["kpis", k, "areas", i]));
    isPerson(kpi.owner, ["kpis", k, "owner"]);
    list(kpi.parts).forEach((part, p) => isPerson(part.owner, ["kpis", k, "parts", p, "owner"]));
  });
  list(plan.qis).forEach((qi, q) => {
    isArea(qi.area, ["qis", q, "area"]);
    isPerson(qi.owner, ["qis", q, "owner"]);
  });
  list(plan.risks).forEach((risk, r) => isPerson(risk.owner, ["risks", r, "owner"]));
  // A recommendation's links to actions and milestones are not checked here: a milestones CSV may drop a
  // milestone a recommendation answered, and that must not block it. Links to work no longer in the plan are
  // shown as such (externalReviews.ts, `notInPlan`).
  list(plan.externalReviews).forEach((review, r) => {
    const board = text(review.board);
    if (board !== undefined && !boards.has(board)) ctx.addIssue({ code: "custom", path: ["externalReviews", r, "board"], message: `"${board}" is not a board in the plan` });
  });
  list(plan.boards).forEach((board, b) => {
    const reportsTo = text(board.reportsTo);
    if (reportsTo !== undefined && !boards.has(reportsTo)) {
      ctx.addIssue({ code: "custom", path: ["boards", b, "reportsTo"], message: `"${reportsTo}" is not a board in the plan` });
    }
  });
}

/** The measures of a KPI: its parts, or the KPI itself when it tracks one figure. */
export function kpiMeasures(kpi: Kpi): KpiPart[] {
  if (kpi.parts !== undefined) return kpi.parts;
  return [
    {
      id: "",
      label: kpi.title,
      unit: kpi.unit ?? "count",
      direction: kpi.direction ?? "increase",
      baseline: kpi.baseline ?? {},
      targets: kpi.targets ?? {},
      measurements: kpi.measurements ?? [],
      owner: kpi.owner,
    },
  ];
}

/** Who records a measure: the part's own owner, else the KPI's. */
export function measureOwner(kpi: Kpi, part: KpiPart): string | undefined {
  return part.owner ?? kpi.owner;
}

export function allMilestones(plan: Pick<Plan, "actions">): { action: Action; milestone: Milestone }[] {
  return plan.actions.flatMap((action) => action.milestones.map((milestone) => ({ action, milestone })));
}
