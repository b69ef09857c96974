import { z } from "zod";

/**
 * The chart elements' properties as Microsoft documents them ("Charts in Adaptive Cards",
 * Microsoft Teams platform documentation, and the Teams cards library's StackedHorizontalBarChartData
 * / LineChartData classes). The adaptivecards SDK does not know these elements, so the tests
 * hold Plan Tracker's charts to this: strict objects, so a misspelt or invented property fails.
 */
const COLOURS = [
  "good", "warning", "attention", "neutral",
  "categoricalRed", "categoricalPurple", "categoricalLavender", "categoricalBlue", "categoricalLightBlue", "categoricalTeal", "categoricalGreen", "categoricalLime", "categoricalMarigold",
  "sequential1", "sequential2", "sequential3", "sequential4", "sequential5", "sequential6", "sequential7", "sequential8",
  "divergingBlue", "divergingLightBlue", "divergingCyan", "divergingTeal", "divergingYellow", "divergingPeach", "divergingLightRed", "divergingRed", "divergingMaroon", "divergingGray",
] as const;
const colour = z.enum(COLOURS);

/** Properties every element has (the common ones the page lists for each chart). */
const common = {
  id: z.string().optional(),
  fallback: z.union([z.literal("drop"), z.record(z.string(), z.unknown())]).optional(),
  "grid.area": z.string().optional(),
  height: z.enum(["auto", "stretch"]).optional(),
  horizontalAlignment: z.enum(["Left", "Center", "Right"]).optional(),
  isVisible: z.boolean().optional(),
  lang: z.string().optional(),
  requires: z.record(z.string(), z.string()).optional(),
  separator: z.boolean().optional(),
  spacing: z.enum(["None", "ExtraSmall", "Small", "Default", "Medium", "Large", "ExtraLarge", "Padding"]).optional(),
  targetWidth: z.string().optional(),
  colorSet: z.string().optional(),
  title: z.string().optional(),
};

export const stackedHorizontalBarSchema = z.strictObject({
  type: z.literal("Chart.HorizontalBar.Stacked"),
  ...common,
  xAxisTitle: z.string().optional(),
  yAxisTitle: z.string().optional(),
  data: z.array(z.strictObject({ title: z.string().optional(), data: z.array(z.strictObject({ legend: z.string(), value: z.number(), color: colour.optional() })).min(1) })).min(1),
});

export const lineChartSchema = z.strictObject({
  type: z.literal("Chart.Line"),
  ...common,
  xAxisTitle: z.string().optional(),
  yAxisTitle: z.string().optional(),
  data: z.array(z.strictObject({ legend: z.string().optional(), color: colour.optional(), values: z.array(z.strictObject({ x: z.union([z.number(), z.string()]), y: z.number() })).min(1) })).min(1),
});

/** Every element of a card whose type starts "Chart.", wherever it is. */
export function chartsIn(card: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const element = value as Record<string, unknown>;
      if (typeof element.type === "string" && element.type.startsWith("Chart.")) found.push(element);
      Object.values(element).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The card as a client without charts shows it: each chart replaced by its fallback (dropped, or the fallback element). */
export function withoutCharts(card: unknown): unknown {
  if (Array.isArray(card)) {
    return card.flatMap((item) => {
      const element = item as Record<string, unknown> | null;
      if (element && typeof element === "object" && typeof element.type === "string" && element.type.startsWith("Chart.")) return element.fallback === "drop" || element.fallback === undefined ? [] : [withoutCharts(element.fallback)];
      return [withoutCharts(item)];
    });
  }
  if (card && typeof card === "object") return Object.fromEntries(Object.entries(card).map(([k, v]) => [k, withoutCharts(v)]));
  return card;
}
