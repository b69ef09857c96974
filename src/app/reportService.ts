import { buildBoardPack, type BoardPack } from "../domain/boardPack";
import type { IsoDate } from "../domain/dates";
import { statusWord, type Status } from "../domain/status";
import type { PlanView } from "../domain/view";
import type { HistoryRow } from "../storage/planRows";
import type { DigestService } from "./digestService";
import type { PlanService } from "./planService";

export const PACK_FORMATS = ["docx", "xlsx"] as const;
export type PackFormat = (typeof PACK_FORMATS)[number];

export const PACK_CONTENT_TYPES: Record<PackFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

const word = (status: string | undefined) => (status ? statusWord(status as Status) : "");

/**
 * The board pack from storage, for the CLI and the bot alike: the board's digest (with the
 * previous pack's snapshot and this month's prompt states) and the milestones' history, then
 * the pure view model, then a renderer. The renderers load their libraries when first asked,
 * so a bot that never makes a pack never loads them.
 */
export class ReportService {
  constructor(
    private readonly plans: PlanService,
    private readonly digests: DigestService,
  ) {}

  async pack(planId: string, view: PlanView, boardQuery: string, asOf: IsoDate): Promise<BoardPack> {
    const board = this.digests.board(view, boardQuery);
    const [digest, history] = await Promise.all([this.digests.content(planId, view, board, asOf), this.plans.milestoneHistory(planId)]);
    return buildBoardPack({ view, digest, asOf, history: history.map(historyEntry).sort((a, b) => a.at.localeCompare(b.at)) });
  }

  async render(pack: BoardPack, format: PackFormat): Promise<Buffer> {
    if (format === "docx") return (await import("../report/docx.js")).renderPackDocx(pack);
    return (await import("../report/xlsx.js")).renderPackXlsx(pack);
  }

  /** The board's file name: "send-partnership-board-2023-11-01.docx". */
  fileName(pack: BoardPack, format: PackFormat): string {
    return `${pack.board.id}-${pack.asOf}.${format}`;
  }
}

function historyEntry(row: HistoryRow) {
  return { at: row.at, subject: row.subject, subjectId: row.subjectId, from: word(row.oldStatus), to: word(row.newStatus), by: row.byName, source: row.source, note: row.note ?? "" };
}
