import { count } from "../domain/plural";
import { CsvError, parse } from "csv-parse/sync";
import { parsePlanDate } from "../domain/dates";
import { findPersonByName } from "../domain/people";
import { planSchema, type Milestone, type Person, type Plan } from "../domain/plan";
import { parseStatus } from "../domain/status";
import { parseCheckpointRule } from "../domain/milestoneCheckpoints";
import { PlanTrackerError } from "../errors";
import { formatIssues } from "./formatIssues";

/**
 * A spreadsheet of milestones (one row each) for teams that keep the plan in Excel.
 * It replaces the milestones of a stored plan; everything else (actions, people,
 * KPIs, risks) stays as imported from JSON.
 */
const COLUMNS = {
  action: ["action", "actionid", "actionnumber"],
  id: ["milestoneid", "milestone", "id"],
  title: ["title", "milestonetitle", "description"],
  owner: ["owner", "owners", "responsibleofficer"],
  start: ["start", "startdate", "from"],
  due: ["due", "duedate", "bywhen"],
  status: ["status", "rag"],
  /** Optional (issue 23): the milestone's checkpoints, as the plan file's `checkpoints` field words them. */
  checkpoints: ["checkpoints", "checkpoint"],
} as const;
type Column = keyof typeof COLUMNS;
const REQUIRED: Column[] = ["action", "id", "title", "owner", "due"];

const normaliseHeader = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, "");

function findColumns(header: string[]): { columns: Partial<Record<Column, number>>; problems: string[] } {
  const columns: Partial<Record<Column, number>> = {};
  const normalised = header.map(normaliseHeader);
  for (const [column, names] of Object.entries(COLUMNS) as [Column, readonly string[]][]) {
    const index = normalised.findIndex((h) => names.includes(h));
    if (index >= 0) columns[column] = index;
  }
  const missing = REQUIRED.filter((column) => columns[column] === undefined);
  const problems = missing.map((column) => `row 1: no "${column === "id" ? "milestone id" : column}" column (expected columns: action, milestone id, title, owner, start, due, status)`);
  return { columns, problems };
}

/** Owners are written by name ("Amy Joynes & Julia Ridge") or by person id; a hyphen or space difference is forgiven. */
function resolveOwners(cell: string, people: Person[]): { ids: string[]; unknown: string[] } {
  const names = cell.split(/\s*[&;]\s*/).map((n) => n.trim()).filter((n) => n !== "");
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const person = findPersonByName({ people }, name);
    if (person) ids.push(person.id);
    else unknown.push(name);
  }
  return { ids, unknown };
}

function readRows(text: string, fileName: string): string[][] {
  try {
    return parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) {
      throw new PlanTrackerError("invalid-input", `${fileName} is not valid CSV; nothing was imported`, [`line ${error.lines ?? "?"}: ${error.message}`]);
    }
    throw error;
  }
}

export function readMilestoneCsv(text: string, fileName: string, current: Plan): Plan {
  const rows = readRows(text, fileName);
  const header = rows[0];
  if (header === undefined) throw new PlanTrackerError("invalid-input", `${fileName} is empty; nothing was imported`);
  const { columns, problems } = findColumns(header);
  if (problems.length > 0) throw new PlanTrackerError("invalid-input", `${fileName} has ${problems.length} problem(s); nothing was imported`, problems);

  const cell = (row: string[], column: Column) => (columns[column] === undefined ? "" : (row[columns[column]!] ?? "").trim());
  const byAction = new Map<string, Milestone[]>(current.actions.map((a) => [a.id, []]));
  const seen = new Map<string, number>();
  const currentMilestones = new Map(current.actions.flatMap((a) => a.milestones.map((m) => [m.id, m] as const)));

  rows.slice(1).forEach((row, index) => {
    const at = `row ${index + 2}`; // as a spreadsheet numbers it: the header is row 1
    const fail = (message: string) => problems.push(`${at}: ${message}`);
    const actionId = cell(row, "action");
    const id = cell(row, "id");
    const title = cell(row, "title");
    const dueText = cell(row, "due");
    const startText = cell(row, "start");
    const statusText = cell(row, "status");
    const checkpointsText = cell(row, "checkpoints");
    if (checkpointsText !== "" && parseCheckpointRule(checkpointsText) === undefined) fail(`checkpoints "${checkpointsText}" is not dates or a rule such as "every 2 weeks", "at 6, 9 and 12 months from start" or "six-monthly"`);

    const milestones = byAction.get(actionId);
    if (actionId === "") fail("action is empty");
    else if (!milestones) fail(`action "${actionId}" is not an action of plan ${current.id}`);
    if (id === "") fail("milestone id is empty");
    else if (seen.has(id)) fail(`milestone id "${id}" is already used in row ${seen.get(id)}`);
    else seen.set(id, index + 2);
    if (title === "") fail("title is empty");

    const { ids: owners, unknown } = resolveOwners(cell(row, "owner"), current.people);
    for (const name of unknown) fail(`owner "${name}" is not a person in plan ${current.id}`);

    // "From May 2023" in the due column is ongoing work that starts then.
    const from = /^from\s+(.+)$/i.exec(dueText)?.[1];
    const ongoing = from !== undefined || /^ongoing$/i.test(dueText);
    const due = ongoing || dueText === "" ? undefined : parsePlanDate(dueText, "end");
    if (dueText === "") fail("due is empty (write a date, a month, or \"From <month>\" for ongoing work)");
    else if (!ongoing && due === undefined) fail(`due "${dueText}" is not a date`);
    const startSource = startText || from || "";
    const start = startSource === "" ? undefined : parsePlanDate(startSource, "start");
    if (startSource !== "" && start === undefined) fail(`start "${startSource}" is not a date`);
    if (start !== undefined && due !== undefined && start > due) fail(`start "${startSource}" is after due "${dueText}"`);

    const status = parseStatus(statusText);
    if (status === undefined) fail(`status "${statusText}" is not a status (use Blue, Green, Amber, Red or leave it empty)`);

    if (milestones && id !== "" && title !== "") {
      // Fields a spreadsheet has no column for (a source note) are kept from the stored milestone.
      const { start: _start, due: _due, checkpoints: keptCheckpoints, ...kept } = currentMilestones.get(id) ?? {};
      // Without a checkpoints column the stored checkpoints stay; with one, its cell says (empty: none).
      const checkpoints = columns.checkpoints === undefined ? keptCheckpoints : checkpointsText || undefined;
      milestones.push({ ...kept, id, title, owners, ongoing, status: status ?? "unrated", ...(start && { start }), ...(due && { due }), ...(checkpoints && { checkpoints }) });
    }
  });

  if (problems.length > 0) {
    throw new PlanTrackerError("invalid-input", `${fileName} has ${count(problems.length, "problem")}; nothing was imported`, problems);
  }
  const revised = { ...current, actions: current.actions.map((a) => ({ ...a, milestones: byAction.get(a.id) ?? [] })) };
  // The rows were checked one by one above; this catches anything only the whole plan shows.
  const result = planSchema.safeParse(revised);
  if (!result.success) {
    const all = formatIssues(result.error.issues);
    throw new PlanTrackerError("invalid-input", `${fileName} would make the plan invalid; nothing was imported`, all);
  }
  return result.data;
}
