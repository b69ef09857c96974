import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { PlanTrackerError } from "../errors";

/**
 * "Changed in the app since the last import": a marker kept on a definition row (its
 * `appChanges` property, JSON) for each field a command changed outside an import (a
 * reassign, later an in-app milestone). An import that would put the file's older value
 * back keeps the app's value and lists the conflict, unless it is told to overwrite; an
 * import whose file already agrees with the app settles the marker.
 *
 * A field is a path inside the row's JSON document: ["owners"], ["lead"], or, through a
 * list of things with ids, ["qis", "<qi id>", "owner"] and ["parts", "<part id or index>", "owner"].
 */
export const appChangeSchema = z.strictObject({
  field: z.array(z.string().min(1)).min(1),
  value: z.unknown(),
  by: z.string(),
  byName: z.string(),
  at: z.string(),
  source: z.string(),
  reason: z.string().optional(),
});
export type AppChange = z.output<typeof appChangeSchema>;

const markersSchema = z.array(appChangeSchema);

/** The markers stored on a row ("" or absent: none; Merge cannot remove a property, so cleared markers are stored as ""). */
export function readAppChanges(stored: unknown, rowKey: string): AppChange[] {
  if (stored === undefined || stored === "") return [];
  const parsed = typeof stored === "string" ? markersSchema.safeParse(safeJson(stored)) : undefined;
  if (!parsed?.success) throw new PlanTrackerError("storage", `the app-change markers of row ${rowKey} are damaged`);
  return parsed.data;
}

export function writeAppChanges(markers: AppChange[]): string {
  return markers.length === 0 ? "" : JSON.stringify(markers);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return { damaged: String(error) };
  }
}

/** The element of a list a path segment names: the one whose id (or `part`) is the segment, else the segment as an index. */
function elementIndex(list: unknown[], segment: string): number {
  const byId = list.findIndex((item) => typeof item === "object" && item !== null && ((item as { id?: unknown }).id === segment || (item as { part?: unknown }).part === segment));
  if (byId >= 0) return byId;
  return /^\d+$/.test(segment) && Number(segment) < list.length ? Number(segment) : -1;
}

/** The value at a path in a document (undefined when any step is missing). */
export function valueAt(doc: unknown, field: readonly string[]): unknown {
  let here: unknown = doc;
  for (const segment of field) {
    if (Array.isArray(here)) {
      const index = elementIndex(here, segment);
      if (index < 0) return undefined;
      here = here[index];
    } else if (typeof here === "object" && here !== null) {
      here = (here as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return here;
}

/**
 * A copy of the document with the value at the path set (undefined removes the key), or
 * undefined when the path does not reach into the document (the list item is gone).
 * Keys keep their order, so an unchanged document serialises the same.
 */
export function withValueAt(doc: unknown, field: readonly string[], value: unknown): unknown {
  const [segment, ...rest] = field;
  if (segment === undefined) return value;
  if (Array.isArray(doc)) {
    const index = elementIndex(doc, segment);
    if (index < 0) return undefined;
    const inner = withValueAt(doc[index], rest, value);
    if (inner === undefined && rest.length > 0) return undefined;
    return doc.map((item, i) => (i === index ? inner : item));
  }
  if (typeof doc !== "object" || doc === null) return undefined;
  const record = doc as Record<string, unknown>;
  if (rest.length === 0) {
    const copy = { ...record };
    if (value === undefined) delete copy[segment];
    else copy[segment] = value;
    return copy;
  }
  const inner = withValueAt(record[segment], rest, value);
  return inner === undefined ? undefined : { ...record, [segment]: inner };
}

export function sameValue(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/** The markers with one added (a later change of the same field replaces the earlier one's marker). */
export function withMarker(markers: AppChange[], marker: AppChange): AppChange[] {
  return [...markers.filter((m) => m.field.join("\u0000") !== marker.field.join("\u0000")), marker];
}

export interface AppChangeConflict {
  kind: string;
  id: string;
  field: string;
  /** The app's value, which an import keeps unless told to overwrite. */
  appValue: unknown;
  fileValue: unknown;
  byName: string;
  at: string;
  /** Which value the import keeps (or, in a dry run, would keep). */
  kept: "app" | "file";
}

/**
 * What the markers of one row do to the document a file wants: each field the file would
 * undo keeps the app's value (a conflict), unless `overwrite`; a field the file already
 * agrees with is settled (its marker goes). Pure.
 */
export function reconcileWithApp(kind: string, id: string, fileDoc: unknown, markers: AppChange[], overwrite: boolean): { doc: unknown; markers: AppChange[]; conflicts: AppChangeConflict[] } {
  let doc = fileDoc;
  const kept: AppChange[] = [];
  const conflicts: AppChangeConflict[] = [];
  for (const marker of markers) {
    const fileValue = valueAt(doc, marker.field);
    if (sameValue(fileValue, marker.value)) continue;
    const field = marker.field.join(".");
    if (overwrite) {
      conflicts.push({ kind, id, field, appValue: marker.value, fileValue, byName: marker.byName, at: marker.at, kept: "file" });
      continue;
    }
    const next = withValueAt(doc, marker.field, marker.value);
    // The file no longer has the thing the app changed (a QI taken out): nothing to keep.
    if (next === undefined) continue;
    doc = next;
    kept.push(marker);
    conflicts.push({ kind, id, field, appValue: marker.value, fileValue, byName: marker.byName, at: marker.at, kept: "app" });
  }
  return { doc, markers: kept, conflicts };
}
