import { count } from "../domain/plural";
import type { HistoryTarget } from "../domain/historyTarget";
import { messageCard, type CardReply } from "./cards";

/** A history entry as the card shows it (the stored row's fields that matter to people). */
export interface HistoryEntryView {
  at: string;
  byName: string;
  source: string;
  note?: string;
  oldStatus?: string;
  newStatus?: string;
  subject: string;
}

const SOURCES: Record<string, string> = { teams: "Teams", cli: "command line", import: "import" };

/** `history 1.2.4|kpi 7|R3|1.2`: who, when, what changed, and where from; newest first, the last 30. */
export function historyCard(target: HistoryTarget, entries: HistoryEntryView[]): CardReply {
  if (entries.length === 0) return messageCard(`Nothing has been recorded for ${target.label} yet.`, { title: `History of ${target.label}`, buttons: [] });
  const shown = [...entries].reverse().slice(0, 30);
  return {
    card: "history",
    data: {
      label: target.label,
      countText: entries.length > shown.length ? `The latest ${shown.length} of ${entries.length} changes, newest first` : `${count(entries.length, "change")}, newest first`,
      entries: shown.map((e) => ({
        whenText: `${e.at.slice(0, 10)} ${e.at.slice(11, 16)} UTC`,
        byName: e.byName,
        sourceText: SOURCES[e.source] ?? e.source,
        text: [e.subject === "milestone" && e.oldStatus !== e.newStatus ? `${e.oldStatus ?? "—"} → ${e.newStatus ?? "—"}` : "", e.note ?? ""].filter(Boolean).join(": ") || "(no details)",
      })),
      buttons: [],
    },
  };
}
