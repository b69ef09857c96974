import type { RowKind } from "./planRows";
import { recordHistoryKeys } from "./recordRows";
import { historyKey } from "./planRows";

/**
 * What an import changed in a definition, in words for its history: "due moved from
 * 2024-03-31 to 2024-04-30", "owner changed from amy-joynes to julia-ridge". An
 * inspector asking why a date moved finds the answer in the subject's history.
 */

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

const WORDS: Record<string, string> = {
  due: "due date",
  start: "start date",
  owners: "owners",
  owner: "owner",
  lead: "lead",
  targets: "targets",
  baseline: "baseline",
  title: "title",
  reviewEveryMonths: "review interval (months)",
  action: "action",
};

function show(value: unknown): string {
  if (value === undefined || value === null) return "(none)";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.length === 0 ? "(none)" : value.join(", ");
  return JSON.stringify(value);
}

export function fieldChanges(before: string, after: string, fields: string[]): FieldChange[] {
  const a = JSON.parse(before) as Record<string, unknown>;
  const b = JSON.parse(after) as Record<string, unknown>;
  return fields.map((field) => ({ field, from: a[field], to: b[field] }));
}

export function describeChanges(changes: FieldChange[]): string {
  return changes
    .map(({ field, from, to }) => {
      const word = WORDS[field] ?? field;
      if (field === "due" || field === "start") return `${word} moved from ${show(from)} to ${show(to)}`;
      if (typeof from === "string" || typeof to === "string" || Array.isArray(from) || Array.isArray(to)) return `${word} changed from ${show(from)} to ${show(to)}`;
      return `${word} changed`;
    })
    .join("; ");
}

/** The history subjects whose definition changes are recorded, and the key of entry `version`. */
export function definitionHistoryKey(kind: RowKind, id: string, version: number): string | undefined {
  switch (kind) {
    case "milestone":
    case "action":
      return historyKey(kind, id, version);
    case "kpi":
      return recordHistoryKeys.kpiDefinition(id, version);
    case "risk":
      return recordHistoryKeys.risk(id, version);
    default:
      return undefined;
  }
}
