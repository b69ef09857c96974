import { CsvError, parse } from "csv-parse/sync";
import type { IsoDate } from "../domain/dates";
import type { Plan } from "../domain/plan";
import { checkMeasurement, type AcceptedMeasurement } from "../domain/recordRules";
import { PlanTrackerError } from "../errors";

/**
 * A dashboard export of KPI measurements: columns kpi, part, date, value, note (a
 * header row; part and note may be empty or absent). All or nothing: every problem
 * is reported with its row and column, and nothing is written unless every row is
 * good.
 */
const COLUMNS = ["kpi", "part", "date", "value", "note"] as const;
type Column = (typeof COLUMNS)[number];
const REQUIRED: Column[] = ["kpi", "date", "value"];

export interface CsvMeasurement {
  /** The row in the file (the header is row 1). */
  row: number;
  measurement: AcceptedMeasurement;
}

export function readMeasurementCsv(text: string, fileName: string, plan: Plan, today: IsoDate): CsvMeasurement[] {
  let rows: string[][];
  try {
    rows = parse(text, { bom: true, skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (error) {
    if (error instanceof CsvError) throw new PlanTrackerError("invalid-input", `${fileName} is not valid CSV; nothing was recorded`, [`line ${error.lines ?? "?"}: ${error.message}`]);
    throw error;
  }
  const [header, ...body] = rows;
  if (!header) throw new PlanTrackerError("invalid-input", `${fileName} is empty; nothing was recorded`);
  const index: Partial<Record<Column, number>> = {};
  header.forEach((name, i) => {
    const column = name.trim().toLowerCase() as Column;
    if ((COLUMNS as readonly string[]).includes(column)) index[column] = i;
  });
  const missing = REQUIRED.filter((c) => index[c] === undefined);
  if (missing.length > 0) {
    throw new PlanTrackerError("invalid-input", `${fileName} has no ${missing.join(", ")} column; nothing was recorded`, [`row 1: expected columns ${COLUMNS.join(", ")}`]);
  }
  const cell = (row: string[], column: Column) => (index[column] === undefined ? undefined : (row[index[column]] ?? ""));

  const problems: string[] = [];
  const accepted: CsvMeasurement[] = [];
  const seen = new Map<string, number>();
  body.forEach((row, i) => {
    const rowNumber = i + 2;
    const checked = checkMeasurement(plan, { kpi: cell(row, "kpi") ?? "", part: cell(row, "part"), date: cell(row, "date") ?? "", value: cell(row, "value") ?? "", note: cell(row, "note") }, today);
    if (!checked.ok) {
      for (const p of checked.problems) problems.push(`row ${rowNumber}, column ${p.field}: ${p.message}`);
      return;
    }
    const key = `${checked.value.kpiId}|${checked.value.part}|${checked.value.period}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`row ${rowNumber}, column date: ${checked.value.kpiId}${checked.value.part ? ` part ${checked.value.part}` : ""} already has a measurement for ${checked.value.period} at row ${first}`);
      return;
    }
    seen.set(key, rowNumber);
    accepted.push({ row: rowNumber, measurement: checked.value });
  });
  if (problems.length > 0) throw new PlanTrackerError("invalid-input", `${fileName} has ${problems.length} problem(s); nothing was recorded`, problems);
  if (accepted.length === 0) throw new PlanTrackerError("invalid-input", `${fileName} has no measurements; nothing was recorded`);
  return accepted;
}
