import type { Status } from "../domain/status";

/**
 * The pack's status fills (hex, no #), one place for Word, Excel and the charts. The word is
 * always written in the cell as well, so a black-and-white print still reads; text on the
 * dark fills is white, on amber black (each pair above 4.5:1 contrast).
 */
export const RAG_FILLS: Record<Status, string> = { blue: "#1F5FA8", green: "#2E7D32", amber: "#F2B705", red: "#C62828", unrated: "#D9D9D9" };
export const RAG_TEXT: Record<Status, string> = { blue: "#FFFFFF", green: "#FFFFFF", amber: "#000000", red: "#FFFFFF", unrated: "#000000" };

export const hex = (colour: string) => colour.replace(/^#/, "");
