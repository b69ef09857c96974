import { applyRecords } from "../domain/applyRecords";
import type { Plan } from "../domain/plan";
import type { ActionOverride, MilestoneState, PlanView } from "../domain/view";
import { PlanTrackerError } from "../errors";
import type { StateRow } from "./planRows";
import { readRecords } from "./recordRows";

const byPosition = (a: StateRow, b: StateRow) => a.position - b.position;

/** Each row's parsed definition, kept with the row: a plan rebuilt after a change parses only the rows that changed. */
const parsedDocs = new WeakMap<StateRow, Record<string, unknown>>();

function parseDoc(row: StateRow): Record<string, unknown> {
  const known = parsedDocs.get(row);
  if (known) return known;
  try {
    const doc = JSON.parse(row.doc) as Record<string, unknown>;
    parsedDocs.set(row, doc);
    return doc;
  } catch (error) {
    throw new PlanTrackerError("storage", `stored row ${row.rowKey} of plan ${row.partitionKey} is not valid JSON`, [], { cause: error });
  }
}

/**
 * What a milestone row gives a plan, kept with the row like its parsed definition. A plan
 * rebuilt after a change then holds the same objects for every row that did not change, so
 * what is worked out from them (milestone summaries, milestones.ts) is kept too: at 20,000
 * milestones a rebuild made 41.5 MB of new objects for a one-row change, now 8.8 MB
 * (bench/rebuildMemory.ts). Nothing changes these objects once made.
 */
const milestoneParts = new WeakMap<StateRow, { id: string; state: MilestoneState; milestone: Record<string, unknown> }>();

function milestoneOf(row: StateRow): { id: string; state: MilestoneState; milestone: Record<string, unknown> } {
  const known = milestoneParts.get(row);
  if (known) return known;
  const doc = parseDoc(row);
  const status = row.status ?? "unrated";
  const parts = {
    id: String(doc.id),
    state: {
      status,
      note: row.note,
      evidence: row.evidence,
      revisedDue: row.revisedDue,
      snoozedUntil: row.snoozedUntil,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
      version: row.version ?? 0,
      etag: row.etag,
    },
    milestone: { ...doc, status },
  };
  milestoneParts.set(row, parts);
  return parts;
}

/**
 * Rebuilds a plan and its recorded state from its partition's rows. The definitions are
 * not validated again here: they were validated as a whole plan when imported, and stored
 * as that validation's output (dates already ISO), so a read only parses their JSON.
 * Returns undefined when the plan has no meta row (not imported, or an import that has
 * not finished writing).
 */
export function assemblePlan(planId: string, rows: StateRow[]): PlanView | undefined {
  const live = rows.filter((row) => !row.removed);
  const meta = live.find((row) => row.kind === "meta");
  if (!meta) return undefined;
  const of = (kind: StateRow["kind"]) => live.filter((row) => row.kind === kind).sort(byPosition);

  const milestoneRows = of("milestone");
  const milestones = new Map<string, MilestoneState>();
  const milestonesByAction = new Map<string, Record<string, unknown>[]>();
  for (const row of milestoneRows) {
    const { id, state, milestone } = milestoneOf(row);
    milestones.set(id, state);
    const list = milestonesByAction.get(row.actionId ?? "") ?? [];
    list.push(milestone);
    milestonesByAction.set(row.actionId ?? "", list);
  }

  const overrides = new Map<string, ActionOverride>();
  const actions = of("action").map((row) => {
    const doc = parseDoc(row);
    const id = String(doc.id);
    if (row.overrideStatus && row.overrideReason !== undefined) {
      overrides.set(id, { status: row.overrideStatus, reason: row.overrideReason, by: row.overrideBy ?? "", at: row.overrideAt ?? "" });
    }
    return { ...doc, milestones: milestonesByAction.get(id) ?? [] };
  });

  const plan = {
    ...parseDoc(meta),
    actions,
    people: of("person").map(parseDoc),
    kpis: of("kpi").map(parseDoc),
    risks: of("risk").map(parseDoc),
  } as unknown as Plan;
  if (typeof plan.id !== "string" || typeof plan.title !== "string") throw new PlanTrackerError("storage", `the stored plan ${planId} has a damaged meta row; re-import its file`);
  // What people recorded (measurements, reviews) is applied to the definition, so every summary uses it.
  const records = readRecords(live);
  return { plan: applyRecords(plan, records), definition: plan, milestones, overrides, records };
}
