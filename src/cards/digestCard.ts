import { displayDate } from "../domain/dates";
import type { ActionRow, DigestContent } from "../domain/digest";
import type { GroupSummary } from "../domain/summaries";
import { count } from "../domain/plural";
import { statusWord } from "../domain/status";
import { fitting, statusBadge, type Button, type CardReply } from "./cards";
import { actionsChart } from "./chartElements";
import { governanceSections, sourceSections } from "./governanceSections";


interface Line {
  text: string;
}

interface Section {
  title: string;
  empty: string;
  lines: Line[];
  more: string;
  /** Buttons under this section only (the card's own row holds at most five). */
  buttons?: Button[];
}

/**
 * Lines are in the default colour: coloured text (Amber especially) fails contrast on Teams'
 * light and dark themes, and the status is always written out.
 */
const line = (text: string): Line => ({ text });

function counts(group: { counts: GroupSummary["counts"] }) {
  return { blue: String(group.counts.blue), green: String(group.counts.green), amber: String(group.counts.amber), red: String(group.counts.red) };
}

function actionRow(a: ActionRow) {
  return { label: `**${a.id}** ${a.shortTitle ?? a.title}`, open: a.id, command: `status ${a.id}`, ...counts(a), ...statusBadge(a.overall), ...(a.override ? { statusText: `${statusWord(a.overall)} (override)` } : {}) };
}

/** An area's overall: how many of its actions stand at each status, worst first. */
function areaRow(area: DigestContent["areas"][number]) {
  const worst = (["red", "amber", "green", "blue"] as const).find((s) => area.actionsByOverall[s] > 0) ?? "unrated";
  const text = (["red", "amber", "green", "blue"] as const).filter((s) => area.actionsByOverall[s] > 0).map((s) => `${area.actionsByOverall[s]} ${statusWord(s)}`).join(", ");
  return { label: `**${area.id}** ${area.shortTitle ?? area.title}`, open: `area ${area.id}`, command: `area ${area.id}`, ...counts(area), statusText: text || "no actions", statusStyle: statusBadge(worst).statusStyle };
}

/** The digest is read by a board, not by the person who would fix the link: the reason in short. */
const shortPromptState = (state: string) => state.replace(/, and no action lead of theirs can be reached either/g, "");

/** A prompt state shared by this many overdue milestones is said once, under the list, rather than on each line. */
const GROUP_FROM = 2;

export interface ReasonGroup {
  state: string;
  milestones: string[];
  owners: string[];
}

/** Overdue milestones' prompt states said more than once, most common first. */
export function repeatedReasons(overdue: DigestContent["overdue"]): ReasonGroup[] {
  const groups = new Map<string, ReasonGroup>();
  for (const m of overdue) {
    const state = shortPromptState(m.promptState);
    const group = groups.get(state) ?? { state, milestones: [], owners: [] };
    group.milestones.push(m.id);
    for (const owner of m.owners.length ? m.owners : ["no owner"]) if (!group.owners.includes(owner)) group.owners.push(owner);
    groups.set(state, group);
  }
  return [...groups.values()].filter((g) => g.milestones.length >= GROUP_FROM).sort((a, b) => b.milestones.length - a.milestones.length);
}

const NAMES_SHOWN = 6;
const names = (list: string[]) => (list.length <= NAMES_SHOWN ? list.join(", ") : `${list.slice(0, NAMES_SHOWN).join(", ")} and ${list.length - NAMES_SHOWN} more`);

/** "13 owners cannot be reached: not linked to a Teams user (Amy Joynes, …)"; "4 milestones: asked 1 Nov 2023, no reply (1.2.4, …)". */
export function reasonLine(group: ReasonGroup): string {
  const unreachable = /^unreachable: (.*)$/.exec(group.state);
  if (unreachable) return `${count(group.owners.length, "owner")} cannot be reached: ${unreachable[1]} (${names(group.owners)})`;
  return `${count(group.milestones.length, "milestone")}: ${group.state} (${names(group.milestones)})`;
}

function cut(lines: Line[], max: number, noun: string): { lines: Line[]; more: string } {
  return lines.length <= max ? { lines, more: "" } : { lines: lines.slice(0, max), more: `… and ${count(lines.length - max, `more ${noun}`)}: see the buttons below.` };
}

function sections(digest: DigestContent, maxLines: number, byArea: boolean): Section[] {
  const { changes } = digest;
  const changeLines: Line[] = byArea
    ? digest.areas.flatMap((area) => {
        const moved = changes.actionsMoved.filter((a) => digest.actions.find((x) => x.id === a.id)?.area === area.id).length;
        const done = changes.completed.filter((m) => digest.actions.find((x) => x.id === m.actionId)?.area === area.id).length;
        const worse = changes.turnedAmberOrRed.filter((m) => digest.actions.find((x) => x.id === m.actionId)?.area === area.id).length;
        return moved + done + worse === 0 ? [] : [line(`Area ${area.id}: ${count(moved, "action")} changed overall status, ${count(done, "milestone")} completed, ${worse} turned Amber or Red`)];
      })
    : [
        ...changes.actionsMoved.map((a) => line(`Action **${a.id}** ${statusWord(a.from)} → ${statusWord(a.to)}`)),
        // Completions with a note get a line each; the rest are one line, not one "completed" per milestone.
        ...changes.completed.filter((m) => m.note).map((m) => line(`**${m.id}** completed: ${m.note}`)),
        ...(changes.completed.some((m) => !m.note)
          ? [line(`${count(changes.completed.filter((m) => !m.note).length, "milestone")} completed: ${changes.completed.filter((m) => !m.note).map((m) => `**${m.id}**`).join(", ")}`)]
          : []),
        ...changes.turnedAmberOrRed.map((m) => line(`**${m.id}** now ${statusWord(m.to)} (${m.owners.join(", ") || "no owner"})${m.note ? `: ${m.note}` : ""}`)),
      ];
  // Recorded since the last board: measurements, risk reviews and leads' commentary, at either level.
  changeLines.push(
    ...changes.measurementsRecorded.map((m) => line(`**${m.kpiId}**${m.part ? ` (${m.part})` : ""} measured ${m.value} on ${displayDate(m.date)} (${m.by})`)),
    ...changes.risksReviewed.map((r) => line(`Risk **${r.riskId}** reviewed ${displayDate(r.reviewedOn)} by ${r.by}: ${r.likelihood} likelihood, ${r.impact} impact after mitigation`)),
    ...changes.commentaryAdded.map((c) => line(`Action **${c.actionId}**: commentary from ${c.by}`)),
  );
  const grouped = repeatedReasons(digest.overdue);
  const groupedStates = new Set(grouped.map((g) => g.state));
  const overdueLines: Line[] = byArea
    ? digest.areas.flatMap((area) => {
        const own = digest.overdue.filter((m) => m.area === area.id);
        const unanswered = own.filter((m) => /no reply|^unreachable/.test(m.promptState)).length;
        return own.length === 0 ? [] : [line(`Area ${area.id}: ${own.length} overdue, ${unanswered} without a reply to this month's prompt`)];
      })
    : digest.overdue.map((m) => {
        const state = shortPromptState(m.promptState);
        return line(`**${m.id}** ${statusWord(m.status)} · ${m.owners.join(", ") || "no owner"} · ${count(m.daysOverdue, "day")} overdue${groupedStates.has(state) ? "" : ` · ${state}`}`);
      });
  // Said once under the list (not on each line): a reason many owners share.
  const reasonLines = byArea ? [] : grouped.map((g) => line(reasonLine(g)));
  const unmeasured = new Set(digest.kpisWithoutMeasurement.map((k) => k.id));
  // Each KPI once; one with no measurement this period says so in place.
  const kpiLines = digest.kpis.map((k) =>
    line(
      `**${k.id}**${k.label ? ` ${k.label}` : ""}: ${k.latest} against ${k.target} · ${k.onTrack === null ? k.state.replace("-", " ") : k.onTrack ? "on track" : "off track"}${k.trend !== "unknown" ? `, ${k.trend}` : ""}${unmeasured.has(k.id) ? ` · **no measurement since ${displayDate(digest.periodStart)}**` : ""}`,
    ),
  );
  const riskLines = digest.risksDueForReview.map((r) => line(`**${r.id}** ${r.risk} · score ${r.after.score} after mitigation · review due ${displayDate(r.reviewDue)}`));
  const commentaryLines = digest.commentary.map((c) => line(`**${c.actionId}** ${c.title} (${c.by}): ${c.text}`));
  const qiLines = digest.qisWithoutFinding.map((q) => line(`**${q.ref}** (area ${q.area}, ${q.period}) ${q.title}`));
  const since = digest.previous ? `since the digest of ${displayDate(digest.previous.asOf)}` : "";
  // KPIs and risks are shown in full to every board; they are cut only when the card would not fit.
  const full = Math.max(maxLines, 20);
  const overdue = cut(overdueLines, maxLines, "overdue milestone");
  return [
    ...governanceSections(digest, maxLines),
    { title: `What changed ${since}`.trim(), empty: digest.previous ? "Nothing changed." : "This is the first digest for this board: changes are shown from the next one.", ...cut(changeLines, maxLines, "change") },
    { title: `Overdue (${digest.overdue.length})`, empty: "Nothing is overdue.", lines: [...overdue.lines, ...reasonLines], more: overdue.more, buttons: grouped.some((g) => g.state.startsWith("unreachable")) ? [PEOPLE_BUTTON] : [] },
    {
      title: `KPIs against the current target${unmeasured.size ? ` (${count(unmeasured.size, "KPI")} with no measurement since ${displayDate(digest.periodStart)})` : ""}`,
      empty: "The plan has no KPIs.",
      ...cut(kpiLines, full, "KPI"),
    },
    { title: `Risks due for review (${digest.risksDueForReview.length})`, empty: "No risk is due for review.", ...cut(riskLines, full, "risk") },
    { title: "What has changed? (action leads)", empty: "No commentary from action leads yet.", ...cut(commentaryLines, maxLines, "commentary") },
    { title: `Quality indicators with no finding this period (${digest.qisWithoutFinding.length})`, empty: "Every quality indicator has a finding for its period.", ...cut(qiLines, full, "quality indicator") },
    ...sourceSections(digest),
  ];
}

const BUTTONS: Button[] = [
  { title: "Full progress table", command: "status" },
  { title: "All overdue", command: "overdue" },
  { title: "KPIs", command: "kpis" },
  { title: "Risks", command: "risks" },
];
/** For plan admins, who can link the people the digest says cannot be reached. */
const PEOPLE_BUTTON: Button = { title: "Who can be reached (admins)", command: "people" };

function digestView(digest: DigestContent, maxLines: number, byArea: boolean, chart: boolean): CardReply {
  const progress = byArea
    ? [{ title: digest.level === "area" ? "Progress by area of weakness" : "Progress by area of weakness (the table by action is too long for one message: see Full progress table)", rows: digest.areas.map(areaRow) }]
    : digest.areas.map((area) => ({ title: `Area ${area.id}: ${area.shortTitle ?? area.title}`, rows: digest.actions.filter((a) => a.area === area.id).map(actionRow) }));
  const t = digest.totals;
  const heading = `${digest.board.name}: ${digest.meeting ? `digest for the meeting on ${displayDate(digest.meeting)}` : "digest"}`;
  const unmeasured = digest.kpisWithoutMeasurement.length;
  return {
    card: "digest",
    data: {
      speak: `${heading}. ${count(t.milestones, "milestone")}: ${t.counts.blue} Blue, ${t.counts.green} Green, ${t.counts.amber} Amber, ${t.counts.red} Red; ${t.overdue} overdue. ${count(digest.kpis.length, "KPI")}${unmeasured ? `, ${unmeasured} with no measurement this period` : ""}; ${count(digest.risksDueForReview.length, "risk")} due for review.`,
      heading,
      subheading: `${digest.plan.title} · as at ${displayDate(digest.asOf)} · ${count(t.milestones, "milestone")}: ${t.counts.blue} Blue, ${t.counts.green} Green, ${t.counts.amber} Amber, ${t.counts.red} Red · ${t.overdue} overdue`,
      progressLabel: byArea ? "Area" : "Action",
      progress,
      sections: sections(digest, maxLines, byArea).map((section) => ({ ...section, buttons: section.buttons ?? [] })),
      ...(chart ? { chart: actionsChart(digest.actions.map((a) => ({ ...a, overall: statusWord(a.overall) }))) } : {}),
      // Board pack: the same board's Word pack, for whoever clicks it (sent in their personal chat).
      buttons: [...BUTTONS, { title: "Board pack", command: `report ${digest.board.id}` }],
    },
  };
}

/**
 * The digest as one card within Teams' message size (CARD_LIMIT_BYTES): full detail when it
 * fits; otherwise the chart left out, then sections cut to their first lines with buttons for the details, and a table
 * too long for a message summarised by area.
 */
export function digestCard(digest: DigestContent): CardReply {
  const byArea = digest.level === "area";
  // The chart repeats the table under it, so it is the first thing left out when the card is too big.
  const attempts: [number, boolean, boolean][] = [[15, byArea, true], [15, byArea, false], [8, byArea, false], [4, byArea, false], [4, true, false], [0, true, false]];
  return fitting(attempts.map(([maxLines, area, chart]) => () => digestView(digest, maxLines, area, chart)));
}
