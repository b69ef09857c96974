import { addDaysIso, type IsoDate } from "../domain/dates";
import { formatValue } from "../domain/kpis";
import { kpiMeasures, type Kpi } from "../domain/plan";
import { formCommon, typed, type FormState } from "./recordForm";

const UNIT_TEXT: Record<string, string> = {
  percent: "a percentage, 0 to 100",
  count: "a whole number, 0 or more",
  weeks: "weeks, 0 or more",
  months: "months, 0 or more",
  days: "days, 0 or more",
};

/** The "Record a measurement" form of a KPI card, for its owner and plan admins. */
export function kpiMeasurementForm(kpi: Kpi, today: IsoDate, state?: FormState) {
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
    ...formCommon(state),
  };
}
