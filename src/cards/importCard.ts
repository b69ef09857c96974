import type { CardReply } from "./cards";

/** What an import would change, as the dry run found it (the storage report's shape, without importing storage here). */
export interface ImportPreview {
  planId: string;
  newPlan: boolean;
  added: { kind: string; id: string }[];
  changed: { kind: string; id: string; fields?: string[] }[];
  removed: { kind: string; id: string }[];
  statusesKept: { id: string; recorded: string; inFile: string }[];
}

/** What the Confirm import button carries: the file again (its address and digest) and the plan head the dry run saw. */
export interface ImportConfirmation {
  target: string;
  fileName: string;
  url: string;
  sha256: string;
  expectedHead: string;
}

/** The most lines each section shows: a card stays under Teams' message size; the count is always given. */
const MAX_LINES = 25;

function section(title: string, items: string[]): { title: string; lines: string[] } | undefined {
  if (items.length === 0) return undefined;
  const shown = items.slice(0, MAX_LINES);
  if (items.length > MAX_LINES) shown.push(`… and ${items.length - MAX_LINES} more`);
  return { title: `${title} (${items.length})`, lines: shown };
}

/** The dry run of a plan file sent in Teams: what would be added, changed and removed, with Confirm import. */
export function importDryRunCard(fileName: string, preview: ImportPreview, confirm: ImportConfirmation): CardReply {
  const describe = (c: { kind: string; id: string; fields?: string[] }) => `${c.kind} ${c.id}${c.fields?.length ? ` (${c.fields.join(", ")})` : ""}`;
  const sections = [
    section("Would be added", preview.added.map(describe)),
    section("Would be changed", preview.changed.map(describe)),
    section("Would be removed (their history is kept)", preview.removed.map(describe)),
    section("Statuses in the file that differ from the recorded ones, which are kept", preview.statusesKept.map((s) => `${s.id}: recorded ${s.recorded}, file says ${s.inFile}`)),
  ].filter((s) => s !== undefined);
  const unchanged = sections.length === 0 && !preview.newPlan;
  return {
    card: "importDryRun",
    data: {
      heading: `Dry run: ${fileName}`,
      summary: unchanged
        ? `Plan ${preview.planId} already matches this file; importing it changes nothing.`
        : `${preview.newPlan ? `A new plan, ${preview.planId}, would be created.` : `Plan ${preview.planId} would be revised.`} Nothing is written until you press Confirm import; if the plan changes before then, the import is refused and you see a new dry run when you send the file again.`,
      problemsHeading: "",
      problems: [],
      sections,
      confirm: unchanged ? null : confirm,
      buttons: [],
    },
  };
}

/** A plan file that cannot be imported: every problem with its location, and nothing written. */
export function importRefusedCard(fileName: string, reason: string, problems: readonly string[] = []): CardReply {
  const shown = problems.slice(0, 40);
  if (problems.length > shown.length) shown.push(`… and ${problems.length - shown.length} more`);
  return {
    card: "importDryRun",
    data: {
      heading: `Not imported: ${fileName}`,
      summary: `${reason} Nothing was written.`,
      problemsHeading: problems.length ? `${problems.length} problem${problems.length === 1 ? "" : "s"} in the file:` : "",
      problems: shown,
      sections: [],
      confirm: null,
      buttons: [],
    },
  };
}
