import type { CardReply } from "./cards";

/**
 * Chart elements for the cards (Microsoft's "Charts in Adaptive Cards": Teams renders
 * `Chart.HorizontalBar.Stacked` and `Chart.Line`). They are a part of their own: a command puts
 * one in its view model as `chart`, and expansion inserts it above the card's first section,
 * with `fallback: "drop"`. The tables stay under the chart, because they carry what a chart
 * cannot (each action's overall status, exact values) and are what a screen reader reads; a
 * client without charts, and the Adaptive Cards 1.5 SDK, drop the chart and show the card as it
 * was. No template changes, so a redesign of the templates keeps the charts.
 */

/** Colour names from Microsoft's chart colour list; Blue/Green/Amber/Red as the cards' status colours. */
const RAG_CHART_COLOURS = { Blue: "categoricalBlue", Green: "good", Amber: "warning", Red: "attention" } as const;

/** Beyond this many bars a chart is no longer read at a glance, and would crowd the message: the table alone says it. */
export const MAX_CHART_BARS = 25;

export interface RagBar {
  /** The bar's label: "1.2 (Red)". */
  title: string;
  blue: number;
  green: number;
  amber: number;
  red: number;
}

export type ChartElement = Record<string, unknown> & { type: string; fallback: "drop" };

/** Each action's milestones as one stacked bar of Blue, Green, Amber and Red; none when there are too many actions to read. */
export function ragStackedBar(title: string, bars: RagBar[]): ChartElement | undefined {
  if (bars.length === 0 || bars.length > MAX_CHART_BARS) return undefined;
  return {
    type: "Chart.HorizontalBar.Stacked",
    id: "chart-progress",
    title,
    xAxisTitle: "Milestones",
    data: bars.map((bar) => ({
      title: bar.title,
      // A segment of nothing draws nothing: left out, it saves the message's bytes (a digest is near Teams' limit).
      data: (["Blue", "Green", "Amber", "Red"] as const)
        .map((legend) => ({ legend, value: bar[legend.toLowerCase() as Lowercase<typeof legend>], color: RAG_CHART_COLOURS[legend] }))
        .filter((segment) => segment.value > 0),
    })),
    fallback: "drop",
  };
}

export interface LineSeries {
  legend: string;
  /** x: an ISO date; y: the value. */
  values: { x: string; y: number }[];
  color?: string;
}

/** Measurements against targets as lines; none when there is nothing to draw. */
export function measurementLines(title: string, yAxisTitle: string, series: LineSeries[]): ChartElement | undefined {
  const drawn = series.filter((s) => s.values.length > 0);
  if (!drawn.some((s) => s.legend.startsWith("Measured"))) return undefined;
  return { type: "Chart.Line", id: "chart-measurements", title, xAxisTitle: "Date", yAxisTitle, data: drawn, fallback: "drop" };
}

/** The card with its view model's chart (if any) inserted above its first section (the first element after the heading's text). */
export function withChart(reply: CardReply, card: Record<string, unknown>): Record<string, unknown> {
  const chart = reply.data.chart as ChartElement | undefined;
  const body = card.body as Record<string, unknown>[] | undefined;
  if (!chart || !body) return card;
  const at = body.findIndex((element) => element.type !== "TextBlock");
  const index = at < 0 ? body.length : at;
  return { ...card, body: [...body.slice(0, index), chart, ...body.slice(index)] };
}

/** The stacked bar of the actions in a progress table: "1.2 (Red)" and its four counts. */
export function actionsChart(actions: { id: string; overall: string; counts: { blue: number; green: number; amber: number; red: number } }[], title = "Milestones by status per action"): ChartElement | undefined {
  return ragStackedBar(title, actions.map((a) => ({ title: `${a.id} (${a.overall})`, blue: a.counts.blue, green: a.counts.green, amber: a.counts.amber, red: a.counts.red })));
}
