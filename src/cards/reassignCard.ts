import type { CardReply } from "./cards";

/** What a reassignment moves, as the app reports it (the report's shape, without importing the app here). */
export interface ReassignPreview {
  planId: string;
  from: { id: string; name: string };
  to: { id: string; name: string };
  moves: string[];
  done: boolean;
}

/** The most items the card lists: it stays under Teams' message size; the count is always given. */
const MAX_LINES = 40;

function listed(moves: string[]): string[] {
  const shown = moves.slice(0, MAX_LINES);
  if (moves.length > MAX_LINES) shown.push(`… and ${moves.length - MAX_LINES} more`);
  return shown;
}

/** `reassign <from> to <to>`: what would move, a reason, and Confirm reassign (nothing moves before it is pressed). */
export function reassignConfirmCard(preview: ReassignPreview, reason: string): CardReply {
  const nothing = preview.moves.length === 0;
  return {
    card: "reassign",
    data: {
      heading: `Reassign ${preview.from.name} to ${preview.to.name}`,
      summary: nothing
        ? `${preview.from.name} owns and leads nothing in plan ${preview.planId}; there is nothing to move.`
        : `These ${preview.moves.length} item(s) would move from ${preview.from.name} to ${preview.to.name}. Nothing moves until you press Confirm reassign; each item's history records who, when and why. A later import of an older plan file keeps these changes unless it is run with --overwrite.`,
      moves: listed(preview.moves),
      reason,
      confirm: nothing ? null : { fromId: preview.from.id, toId: preview.to.id },
      choose: null,
      buttons: [],
    },
  };
}

/** After Confirm reassign: what moved. */
export function reassignDoneCard(report: ReassignPreview): CardReply {
  return {
    card: "reassign",
    data: {
      heading: report.done ? `Reassigned ${report.from.name} to ${report.to.name}` : `Nothing to reassign`,
      summary: report.done ? `${report.moves.length} item(s) moved in plan ${report.planId}; each has a history entry.` : `${report.from.name} owns and leads nothing in plan ${report.planId} now.`,
      moves: listed(report.moves),
      reason: "",
      confirm: null,
      choose: null,
      buttons: [{ title: "People", command: "people" }],
    },
  };
}

/** `reassign <person>` (a gone person's Reassign button on `people`): whom their work goes to, then the card above. Writes nothing. */
export function reassignChooseCard(from: { id: string; name: string }, people: { id: string; name: string }[], reason: string): CardReply {
  return {
    card: "reassign",
    data: {
      heading: `Reassign ${from.name}`,
      summary: `Choose who takes over what ${from.name} owns and leads. The next card shows what would move; nothing moves until you press Confirm reassign there.`,
      moves: [],
      reason,
      confirm: null,
      choose: { fromId: from.id, people: people.filter((p) => p.id !== from.id).map((p) => ({ id: p.id, name: p.name })) },
      // No command buttons: Teams would send the card's inputs with them, which a command button does not take.
      buttons: [],
    },
  };
}
