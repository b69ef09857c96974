import { displayDate } from "../../domain/dates";
import { describeBaseline, describeLatest, describeTarget, formatValue, measureSourceNotes, type KpiStatus, type MeasureStatus } from "../../domain/kpis";
import { formatTable } from "../table";

const STATE_TEXT: Record<MeasureStatus["state"], string> = {
  "on-track": "On track",
  "off-track": "Off track",
  "no-data": "No data",
  "no-target": "No target",
  qualitative: "Judged by board",
};

const targetText = describeTarget;
const baselineText = describeBaseline;
const latestText = (m: MeasureStatus) => describeLatest(m, displayDate);

export function renderKpis(kpis: KpiStatus[], asOf: string): string {
  const first = kpis[0]?.measures[0]?.checkpoint;
  const header = first ? `KPIs as of ${displayDate(asOf)} — ${first.months}-month checkpoint (${displayDate(first.date)})${first.reached ? "" : ", not yet reached"}` : `KPIs as of ${displayDate(asOf)}`;
  const rows = kpis.flatMap((kpi) =>
    kpi.measures.map((m) => [m.part ? `${kpi.id} (${m.part})` : kpi.id, m.part ? m.label : kpi.title, baselineText(m), targetText(m), latestText(m), STATE_TEXT[m.state], m.trend]),
  );
  return [header, "", formatTable(["KPI", "Measure", "Baseline", "Target", "Latest", "State", "Trend"], rows, { maxWidth: [12, 60, 20, 28] })].join("\n");
}

export function renderKpi(kpi: KpiStatus, asOf: string): string {
  const lines = [`${kpi.id}: ${kpi.title}`, `As of ${displayDate(asOf)}; areas ${kpi.areas.join(", ")}`, ""];
  for (const m of kpi.measures) {
    if (m.part) lines.push(`(${m.part}) ${m.label}`);
    lines.push(`  Unit: ${m.unit}, aim: ${m.direction}`);
    // Published wording is shown exactly so; the date is added only to a figure.
    lines.push(`  Baseline: ${baselineText(m)}${m.baseline.date && m.baseline.published === undefined ? ` (${displayDate(m.baseline.date)})` : ""}`);
    if (m.baseline.text) lines.push(`  Baseline note: ${m.baseline.text}`);
    lines.push(`  ${m.checkpoint.months}-month target (${displayDate(m.checkpoint.date)}): ${targetText(m)}`);
    lines.push(`  State: ${STATE_TEXT[m.state]} — ${m.reason}; trend ${m.trend}`);
    lines.push(m.measurements.length === 0 ? "  No measurements yet." : `  Measurements: ${m.measurements.map((x) => `${displayDate(x.date)} ${formatValue(x.value, m.unit)}`).join("; ")}`);
    for (const note of measureSourceNotes(m)) lines.push(`  Source: ${note}`);
    lines.push("");
  }
  if (kpi.sourceNote) lines.push(`Source: ${kpi.sourceNote}`);
  return lines.join("\n").trimEnd();
}
