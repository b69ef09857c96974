import { addMonthsIso } from "../domain/dates";
import { resolveTarget, type KpiStatus } from "../domain/kpis";
import { CHECKPOINT_MONTHS, kpiMeasures, type CheckpointKey, type Kpi } from "../domain/plan";
import { measurementLines, type ChartElement, type LineSeries } from "./chartElements";

/**
 * `kpi 7`'s chart: for each measure, its baseline and measurements as one line and its 3-, 6-
 * and 12-month targets as another, so the gap between them is what the eye sees.
 */
export function kpiChart(kpi: Kpi, status: KpiStatus, startDate: string): ChartElement | undefined {
  const parts = kpiMeasures(kpi);
  const series: LineSeries[] = status.measures.flatMap((measure) => {
    const part = parts.find((p) => p.id === measure.part);
    const suffix = status.measures.length > 1 ? ` (${measure.part || measure.label})` : "";
    const baseline = measure.baseline.value !== undefined && measure.baseline.date ? [{ x: measure.baseline.date, y: measure.baseline.value }] : [];
    const targets = part
      ? CHECKPOINT_MONTHS.flatMap((months) => {
          const value = resolveTarget(part, `m${months}` as CheckpointKey)?.value;
          return value === undefined ? [] : [{ x: addMonthsIso(startDate, months), y: value }];
        })
      : [];
    return [
      { legend: `Measured${suffix}`, values: [...baseline, ...measure.measurements.map((m) => ({ x: m.date, y: m.value }))], color: "categoricalBlue" },
      { legend: `Target${suffix}`, values: targets, color: "attention" },
    ];
  });
  const unit = status.measures[0]?.unit ?? "count";
  return measurementLines(`${status.id}: measurements against targets`, unit === "percent" ? "%" : unit, series);
}
