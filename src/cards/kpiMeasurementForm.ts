import { addDaysIso, type IsoDate } from "../domain/dates";
import { formatValue } from "../domain/kpis";
import { kpiMeasures, type Kpi } from "../domain/plan";
import { partKey, type MeasurementRecord } from "../domain/records";
import { formCommon, typed, type FormState } from "./recordForm";

/**
 * The versions of the KPI's recorded months this form was built from ("a|2023-10:1"): a
 * save for a month someone recorded since is refused rather than silently replacing theirs.
 */
export function seenVersions(recorded: readonly MeasurementRecord[]): string {
  return recorded.map((m) => `${partKey(m.part)}|${m.period}:${m.version}`).join(",");
}

export function seenVersion(seen: string, part: string, period: string): number {
  const entry = seen.split(",").find((e) => e.startsWith(`${partKey(part)}|${period}:`));
  return entry ? Number(entry.split(":")[1]) : 0;
}

const UNIT_TEXT: Record<string, string> = {
  percent: "a percentage, 0 to 100",
  count: "a whole number, 0 or more",
  weeks: "weeks, 0 or more",
  months: "months, 0 or more",
  days: "days, 0 or more",
};

/** The "Record a measurement" form of a KPI card, for its owner and plan admins. */
export function kpiMeasurementForm(kpi: Kpi, today: IsoDate, state?: FormState, recorded: readonly MeasurementRecord[] = []) {
  const measures = kpiMeasures(kpi).filter((m) => m.unit !== "milestone");
  if (measures.length === 0) return undefined;
  // The month usually asked for is the one just ended.
  const lastOfPreviousMonth = addDaysIso(`${today.slice(0, 7)}-01`, -1);
  const units = [...new Set(measures.map((m) => UNIT_TEXT[m.unit] ?? m.unit))];
  const latest = measures.flatMap((m) => m.measurements).sort((a, b) => a.date.localeCompare(b.date)).pop();
  return {
    kpiId: kpi.id,
    hint: `One measurement per month${kpi.parts ? " and part" : ""}: a second for the same month replaces the first (kept in history).${latest ? ` Latest: ${formatValue(latest.value, measures[0]!.unit)} on ${latest.date}.` : ""}`,
    unitText: units.join("; "),
    parts: kpi.parts ? measures.map((m) => ({ title: `(${m.id}) ${m.label}`, value: m.id })) : [],
    part: typed(state, "part", kpi.parts ? measures[0]!.id : ""),
    value: typed(state, "value"),
    date: typed(state, "date", lastOfPreviousMonth),
    note: typed(state, "note"),
    link: typed(state, "link"),
    today,
    seen: seenVersions(recorded.filter((m) => m.kpiId === kpi.id)),
    ...formCommon(state),
  };
}
