import { count } from "../../domain/plural";
import { displayDate } from "../../domain/dates";
import type { DigestContent } from "../../domain/digest";
import { statusWord } from "../../domain/status";
import { formatTable } from "../table";
import { governanceBlocks, sourceBlocks } from "./governanceBlocks";

/**
 * A digest on paper: `--format text` for a terminal, `--format markdown` for board
 * papers (GitHub-flavoured tables, which Word and most wikis paste cleanly).
 */

interface Block {
  heading: string;
  /** A table, or lines. */
  table?: { headers: string[]; rows: string[][] };
  lines?: string[];
  empty?: string;
}

function blocks(d: DigestContent): Block[] {
  const byArea = d.level === "area";
  const progress: Block[] = byArea
    ? [{ heading: "Progress by area of weakness", table: { headers: ["Area", "B", "G", "A", "R", "Actions by overall status"], rows: d.areas.map((a) => [`${a.id} ${a.shortTitle ?? a.title}`, ...counts(a.counts), (["red", "amber", "green", "blue"] as const).filter((s) => a.actionsByOverall[s] > 0).map((s) => `${a.actionsByOverall[s]} ${statusWord(s)}`).join(", ")]) } }]
    : d.areas.map((area) => ({
        heading: `Area ${area.id}: ${area.shortTitle ?? area.title}`,
        table: { headers: ["Action", "B", "G", "A", "R", "Overall"], rows: d.actions.filter((a) => a.area === area.id).map((a) => [`${a.id} ${a.shortTitle ?? a.title}`, ...counts(a.counts), `${statusWord(a.overall)}${a.override ? " (override)" : ""}`]) },
      }));
  const since = d.previous ? ` since the digest of ${displayDate(d.previous.asOf)}` : "";
  return [
    ...progress,
    ...governanceBlocks(d),
    {
      heading: `What changed${since}`,
      empty: d.previous ? "Nothing changed." : "This is the first digest for this board: changes are shown from the next one.",
      lines: [
        ...d.changes.actionsMoved.map((a) => `Action ${a.id} ${a.title}: ${statusWord(a.from)} → ${statusWord(a.to)}`),
        ...d.changes.completed.map((m) => `${m.id} completed${m.note ? `: ${m.note}` : ""}`),
        ...d.changes.turnedAmberOrRed.map((m) => `${m.id} now ${statusWord(m.to)} (${m.owners.join(", ") || "no owner"})${m.note ? `: ${m.note}` : ""}`),
        ...d.changes.measurementsRecorded.map((m) => `${m.kpiId}${m.part ? ` (${m.part})` : ""} measured ${m.value} on ${displayDate(m.date)} (recorded by ${m.by})`),
        ...d.changes.risksReviewed.map((r) => `Risk ${r.riskId} reviewed on ${displayDate(r.reviewedOn)} by ${r.by}: ${r.likelihood} likelihood, ${r.impact} impact after mitigation${r.progress ? `; ${r.progress}` : ""}`),
        ...d.changes.commentaryAdded.map((c) => `Action ${c.actionId}: commentary from ${c.by}`),
      ],
    },
    {
      heading: "What has changed? (action leads)",
      empty: "No commentary from action leads yet.",
      lines: d.commentary.map((c) => `${c.actionId} ${c.title} (${c.by}): ${c.text}`),
    },
    {
      heading: `Overdue (${d.overdue.length})`,
      empty: "Nothing is overdue.",
      table: d.overdue.length ? { headers: ["Milestone", "Owners", "Status", "Days overdue", "Prompt"], rows: d.overdue.map((m) => [m.id, m.owners.join(", ") || "(no owner)", statusWord(m.status), String(m.daysOverdue), m.promptState]) } : undefined,
    },
    {
      heading: "KPIs against the current target",
      empty: "The plan has no KPIs.",
      table: d.kpis.length ? { headers: ["KPI", "Measure", "Latest", "Target", "On track", "Trend"], rows: d.kpis.map((k) => [k.id, k.label || k.title, k.latest, k.target, k.onTrack === null ? k.state.replace("-", " ") : k.onTrack ? "yes" : "no", k.trend]) } : undefined,
    },
    { heading: `KPIs with no measurement since ${displayDate(d.periodStart)}`, empty: "Every KPI has a measurement this period.", lines: d.kpisWithoutMeasurement.map((k) => `${k.id}${k.label ? ` ${k.label}` : ""}: ${k.title}`) },
    {
      heading: `Quality indicators with no finding this period (${d.qisWithoutFinding.length})`,
      empty: "Every quality indicator has a finding for its period.",
      lines: d.qisWithoutFinding.map((q) => `${q.ref} (area ${q.area}, ${q.period}): ${q.title}`),
    },
    {
      heading: `Risks due for review (${d.risksDueForReview.length})`,
      empty: "No risk is due for review.",
      table: d.risksDueForReview.length ? { headers: ["Risk", "Description", "Score after mitigation", "Review due"], rows: d.risksDueForReview.map((r) => [r.id, r.risk, String(r.after.score), displayDate(r.reviewDue)]) } : undefined,
    },
    ...sourceBlocks(d),
  ];
}

const counts = (c: DigestContent["totals"]["counts"]) => [String(c.blue), String(c.green), String(c.amber), String(c.red)];

function title(d: DigestContent): string[] {
  const t = d.totals;
  return [
    `${d.board.name}: ${d.meeting ? `digest for the meeting on ${displayDate(d.meeting)}` : "digest"}`,
    `${d.plan.title}, as at ${displayDate(d.asOf)}. ${count(t.milestones, "milestone")}: ${t.counts.blue} Blue, ${t.counts.green} Green, ${t.counts.amber} Amber, ${t.counts.red} Red; ${t.overdue} overdue.`,
  ];
}

export function renderDigestText(d: DigestContent): string {
  const [heading, sub] = title(d);
  const parts = [heading!, sub!, ""];
  for (const block of blocks(d)) {
    parts.push(block.heading);
    if (block.table) parts.push(formatTable(block.table.headers, block.table.rows, { maxWidth: [60, 40, 40, 40, 20, 40] }));
    else if (block.lines?.length) parts.push(...block.lines.map((l) => `  ${l}`));
    else parts.push(`  ${block.empty ?? ""}`);
    parts.push("");
  }
  return parts.join("\n").trimEnd();
}

/** Markdown cells cannot hold a pipe or a line break. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

export function renderDigestMarkdown(d: DigestContent): string {
  const [heading, sub] = title(d);
  const parts = [`# ${heading}`, "", sub!, ""];
  for (const block of blocks(d)) {
    parts.push(`## ${block.heading}`, "");
    if (block.table) {
      parts.push(`| ${block.table.headers.map(cell).join(" | ")} |`, `| ${block.table.headers.map((h, i) => (i > 0 && /^[BGAR]$|^Days|^Score/.test(h) ? "---:" : "---")).join(" | ")} |`);
      for (const row of block.table.rows) parts.push(`| ${row.map(cell).join(" | ")} |`);
    } else if (block.lines?.length) parts.push(...block.lines.map((l) => `- ${cell(l)}`));
    else parts.push(`_${block.empty ?? ""}_`);
    parts.push("");
  }
  return parts.join("\n").trimEnd() + "\n";
}
