import { displayDate } from "../../domain/dates";
import { describeBaseline, describeLatest, describeTarget, findKpi, formatValue, kpiStatus, kpiStatuses, measureSourceNotes, type MeasureStatus } from "../../domain/kpis";
import { messageCard, type CardReply } from "../../cards/cards";
import { kpiChart } from "../../cards/kpiChart";
import type { CommandContext } from "./context";
import { sourceLine } from "../../cards/sourceLine";

const STATE: Record<MeasureStatus["state"], { text: string; style: string }> = {
  "on-track": { text: "On track", style: "good" },
  "off-track": { text: "Off track", style: "attention" },
  "no-data": { text: "No data", style: "warning" },
  "no-target": { text: "No target", style: "default" },
  qualitative: { text: "Board judges", style: "accent" },
};

const targetText = describeTarget;
const latestText = (m: MeasureStatus) => describeLatest(m, displayDate);

export function kpisCommand(context: CommandContext): CardReply {
  const statuses = kpiStatuses(context.view.plan, context.asOf);
  const checkpoint = statuses[0]?.measures[0]?.checkpoint;
  return {
    card: "kpis",
    data: {
      asOfText: displayDate(context.asOf),
      checkpointText: checkpoint ? `${checkpoint.months}-month targets (${displayDate(checkpoint.date)})${checkpoint.reached ? "" : ", ahead"}` : "no KPIs",
      rows: statuses.flatMap((kpi) =>
        kpi.measures.map((m) => ({
          id: m.part ? `${kpi.id} (${m.part})` : kpi.id,
          kpiId: kpi.id,
          command: kpi.id.toLowerCase(),
          label: m.part ? m.label : kpi.title,
          target: targetText(m),
          latest: latestText(m),
          stateText: STATE[m.state].text,
          stateStyle: STATE[m.state].style,
          trend: m.trend,
        })),
      ),
      buttons: [{ title: "Plan status", command: "status" }],
    },
  };
}

export function kpiCommand(context: CommandContext, kpiId: string): CardReply {
  const kpi = findKpi(context.view.plan, kpiId);
  if (!kpi) {
    return messageCard(`There is no ${kpiId} in this plan; it has ${context.view.plan.kpis.map((k) => k.id).join(", ")}.`, { buttons: [{ title: "All KPIs", command: "kpis" }] });
  }
  const status = kpiStatus(context.view.plan, kpi, context.asOf);
  return {
    card: "kpi",
    data: {
      id: status.id,
      title: status.title,
      asOfText: displayDate(context.asOf),
      measures: status.measures.map((m) => ({
        label: m.part ? `(${m.part}) ${m.label}` : `Unit: ${m.unit}, aim: ${m.direction}`,
        // The published wording exactly so; a note about the baseline stays a note (issue 23).
        baseline: `${describeBaseline(m)}${m.baseline.date && m.baseline.published === undefined ? ` (${displayDate(m.baseline.date)})` : ""}${m.baseline.text ? ` · note: ${m.baseline.text}` : ""}`,
        checkpointText: `${m.checkpoint.months}-month target`,
        target: targetText(m),
        stateText: STATE[m.state].text,
        reason: m.reason,
        trend: m.trend,
        measurements: m.measurements.map((x) => ({ date: displayDate(x.date), value: formatValue(x.value, m.unit) })),
      })),
      source: sourceLine(kpi.sourceNote, ...status.measures.flatMap(measureSourceNotes)),
      buttons: [{ title: "All KPIs", command: "kpis" }],
      chart: kpiChart(kpi, status, context.view.plan.startDate),
    },
  };
}
