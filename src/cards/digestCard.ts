import { displayDate } from "../domain/dates";
import type { ActionRow, DigestContent } from "../domain/digest";
import type { GroupSummary } from "../domain/summaries";
import { statusWord } from "../domain/status";
import { fitting, statusBadge, type Button, type CardReply } from "./cards";
import { governanceSections, sourceSections } from "./governanceSections";


interface Line {
  text: string;
  color: string;
}

interface Section {
  title: string;
  empty: string;
  lines: Line[];
  more: string;
}

const line = (text: string, color = "default"): Line => ({ text, color });

function counts(group: { counts: GroupSummary["counts"] }) {
  return { blue: String(group.counts.blue), green: String(group.counts.green), amber: String(group.counts.amber), red: String(group.counts.red) };
}

function actionRow(a: ActionRow) {
  return { label: `**${a.id}** ${a.shortTitle ?? a.title}`, ...counts(a), ...statusBadge(a.overall), ...(a.override ? { statusText: `${statusWord(a.overall)} (override)` } : {}) };
}

/** An area's overall: how many of its actions stand at each status, worst first. */
function areaRow(area: DigestContent["areas"][number]) {
  const worst = (["red", "amber", "green", "blue"] as const).find((s) => area.actionsByOverall[s] > 0) ?? "unrated";
  const text = (["red", "amber", "green", "blue"] as const).filter((s) => area.actionsByOverall[s] > 0).map((s) => `${area.actionsByOverall[s]} ${statusWord(s)}`).join(", ");
  return { label: `**${area.id}** ${area.shortTitle ?? area.title}`, ...counts(area), statusText: text || "no actions", statusColor: statusBadge(worst).statusColor };
}

/**
 * Lines are in the default colour: coloured text (Amber especially) is hard to read on both
 * light and dark backgrounds, and the status is always written out.
 * The digest is read by a board, not by the person who would fix the link: the reason in short.
 */
const shortPromptState = (state: string) => state.replace(/, and no action lead of theirs can be reached either/g, "");

function cut(lines: Line[], max: number, what: string): { lines: Line[]; more: string } {
  return lines.length <= max ? { lines, more: "" } : { lines: lines.slice(0, max), more: `… and ${lines.length - max} more ${what}: see the buttons below.` };
}

function sections(digest: DigestContent, maxLines: number, byArea: boolean): Section[] {
  const { changes } = digest;
  const changeLines: Line[] = byArea
    ? digest.areas.flatMap((area) => {
        const moved = changes.actionsMoved.filter((a) => digest.actions.find((x) => x.id === a.id)?.area === area.id).length;
        const done = changes.completed.filter((m) => digest.actions.find((x) => x.id === m.actionId)?.area === area.id).length;
        const worse = changes.turnedAmberOrRed.filter((m) => digest.actions.find((x) => x.id === m.actionId)?.area === area.id).length;
        return moved + done + worse === 0 ? [] : [line(`Area ${area.id}: ${moved} action${moved === 1 ? "" : "s"} changed overall status, ${done} milestone${done === 1 ? "" : "s"} completed, ${worse} turned Amber or Red`)];
      })
    : [
        ...changes.actionsMoved.map((a) => line(`Action **${a.id}** ${statusWord(a.from)} → ${statusWord(a.to)}`)),
        ...changes.completed.map((m) => line(`**${m.id}** completed${m.note ? `: ${m.note}` : ""}`, "accent")),
        ...changes.turnedAmberOrRed.map((m) => line(`**${m.id}** now ${statusWord(m.to)} (${m.owners.join(", ") || "no owner"})${m.note ? `: ${m.note}` : ""}`)),
      ];
  // Recorded since the last board: measurements, risk reviews and leads' commentary, at either level.
  changeLines.push(
    ...changes.measurementsRecorded.map((m) => line(`**${m.kpiId}**${m.part ? ` (${m.part})` : ""} measured ${m.value} on ${displayDate(m.date)} (${m.by})`)),
    ...changes.risksReviewed.map((r) => line(`Risk **${r.riskId}** reviewed ${displayDate(r.reviewedOn)} by ${r.by}: ${r.likelihood} likelihood, ${r.impact} impact after mitigation`)),
    ...changes.commentaryAdded.map((c) => line(`Action **${c.actionId}**: commentary from ${c.by}`)),
  );
  const overdueLines: Line[] = byArea
    ? digest.areas.flatMap((area) => {
        const own = digest.overdue.filter((m) => m.area === area.id);
        const unanswered = own.filter((m) => /no reply|^unreachable/.test(m.promptState)).length;
        return own.length === 0 ? [] : [line(`Area ${area.id}: ${own.length} overdue, ${unanswered} without a reply to this month's prompt`, "attention")];
      })
    : digest.overdue.map((m) => line(`**${m.id}** ${statusWord(m.status)} · ${m.owners.join(", ") || "no owner"} · ${m.daysOverdue} days overdue · ${shortPromptState(m.promptState)}`));
  const kpiLines = digest.kpis.map((k) =>
    line(`**${k.id}**${k.label ? ` ${k.label}` : ""}: ${k.latest} against ${k.target} · ${k.onTrack === null ? k.state.replace("-", " ") : k.onTrack ? "on track" : "off track"}${k.trend !== "unknown" ? `, ${k.trend}` : ""}`, k.onTrack === null ? "default" : k.onTrack ? "good" : "attention"),
  );
  const noMeasurement = digest.kpisWithoutMeasurement.map((k) => line(`**${k.id}**${k.label ? ` ${k.label}` : ""}`));
  const riskLines = digest.risksDueForReview.map((r) => line(`**${r.id}** ${r.risk} · score ${r.after.score} after mitigation · review due ${displayDate(r.reviewDue)}`));
  const commentaryLines = digest.commentary.map((c) => line(`**${c.actionId}** ${c.title} (${c.by}): ${c.text}`));
  const qiLines = digest.qisWithoutFinding.map((q) => line(`**${q.ref}** (area ${q.area}, ${q.period}) ${q.title}`));
  const since = digest.previous ? `since the digest of ${displayDate(digest.previous.asOf)}` : "";
  // KPIs and risks are shown in full to every board; they are cut only when the card would not fit.
  const full = Math.max(maxLines, 20);
  return [
    ...governanceSections(digest, maxLines),
    { title: `What changed ${since}`.trim(), empty: digest.previous ? "Nothing changed." : "This is the first digest for this board: changes are shown from the next one.", ...cut(changeLines, maxLines, "changes") },
    { title: `Overdue (${digest.overdue.length})`, empty: "Nothing is overdue.", ...cut(overdueLines, maxLines, "overdue milestones") },
    { title: "KPIs against the current target", empty: "The plan has no KPIs.", ...cut(kpiLines, full, "KPIs") },
    { title: `KPIs with no measurement since ${displayDate(digest.periodStart)}`, empty: "Every KPI has a measurement this period.", ...cut(noMeasurement, full, "KPIs") },
    { title: `Risks due for review (${digest.risksDueForReview.length})`, empty: "No risk is due for review.", ...cut(riskLines, full, "risks") },
    { title: "What has changed? (action leads)", empty: "No commentary from action leads yet.", ...cut(commentaryLines, maxLines, "commentaries") },
    { title: `Quality indicators with no finding this period (${digest.qisWithoutFinding.length})`, empty: "Every quality indicator has a finding for its period.", ...cut(qiLines, full, "quality indicators") },
    ...sourceSections(digest),
  ];
}

const BUTTONS: Button[] = [
  { title: "Full progress table", command: "status" },
  { title: "All overdue", command: "overdue" },
  { title: "KPIs", command: "kpis" },
  { title: "Risks", command: "risks" },
  { title: "Data to complete", command: "data to complete" },
];

function digestView(digest: DigestContent, maxLines: number, byArea: boolean): CardReply {
  const progress = byArea
    ? [{ title: digest.level === "area" ? "Progress by area of weakness" : "Progress by area of weakness (the table by action is too long for one message: see Full progress table)", rows: digest.areas.map(areaRow) }]
    : digest.areas.map((area) => ({ title: `Area ${area.id}: ${area.shortTitle ?? area.title}`, rows: digest.actions.filter((a) => a.area === area.id).map(actionRow) }));
  const t = digest.totals;
  return {
    card: "digest",
    data: {
      heading: `${digest.board.name}: ${digest.meeting ? `digest for the meeting on ${displayDate(digest.meeting)}` : "digest"}`,
      subheading: `${digest.plan.title} · as at ${displayDate(digest.asOf)} · ${t.milestones} milestones: ${t.counts.blue} Blue, ${t.counts.green} Green, ${t.counts.amber} Amber, ${t.counts.red} Red · ${t.overdue} overdue`,
      progressLabel: byArea ? "Area" : "Action",
      progress,
      sections: sections(digest, maxLines, byArea),
      buttons: BUTTONS,
    },
  };
}

/**
 * The digest as one card within Teams' message size (CARD_LIMIT_BYTES): full detail when it
 * fits; otherwise sections cut to their first lines with buttons for the details, and a table
 * too long for a message summarised by area.
 */
export function digestCard(digest: DigestContent): CardReply {
  const byArea = digest.level === "area";
  const attempts: [number, boolean][] = [[15, byArea], [8, byArea], [4, byArea], [4, true], [0, true]];
  return fitting(attempts.map(([maxLines, area]) => () => digestView(digest, maxLines, area)));
}
