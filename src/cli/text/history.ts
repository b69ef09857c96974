import type { HistoryRow } from "../../storage/planRows";

/** A history entry for people and programs: the stored row without its keys, with its changes as a list. */
export function historyEntry(row: HistoryRow) {
  const { partitionKey: _p, rowKey: _r, etag: _e, timestamp: _t, changes, ...entry } = row;
  return { ...entry, ...(changes === undefined ? {} : { changes: JSON.parse(changes) as unknown }) };
}

export function renderHistory(rows: HistoryRow[]): string {
  return (
    rows
      .map((e) => {
        if (e.subject === "milestone") return `${e.at}  ${e.subjectId}  ${e.oldStatus ?? "—"} → ${e.newStatus ?? "—"}  by ${e.byName} (${e.source})${e.note ? `: ${e.note}` : ""}`;
        return `${e.at}  ${e.subject} ${e.subjectId}${e.part ? ` (${e.part})` : ""}  by ${e.byName} (${e.source})${e.note ? `: ${e.note}` : ""}`;
      })
      .join("\n") || "No history."
  );
}
