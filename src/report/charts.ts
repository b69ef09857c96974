import { Resvg } from "@resvg/resvg-js";
import type { PackArea, PackKpi } from "../domain/boardPack";
import { formatValue } from "../domain/kpis";
import { RAG_FILLS } from "./ragColours";

/**
 * The pack's charts, drawn from the data: a Vega-Lite spec, compiled and rendered to SVG by
 * Vega in Node (no browser, no canvas), then to PNG by resvg with a font shipped in
 * node_modules (the production image has no system fonts, and nothing is downloaded at run
 * time). Each chart carries the alt text Word gives screen readers.
 */

export interface Chart {
  png: Buffer;
  width: number;
  height: number;
  altText: { title: string; description: string };
}

/** Open Sans (SIL Open Font License) from @expo-google-fonts/open-sans: a TrueType file resvg can read. */
const FONT_FILES = ["400Regular/OpenSans_400Regular.ttf", "700Bold/OpenSans_700Bold.ttf"].map((file) => require.resolve(`@expo-google-fonts/open-sans/${file}`));
const FONT = "Open Sans";
/** Drawn at twice the size shown, so the picture stays sharp when printed. */
const SCALE = 2;

const CONFIG = { font: FONT, axis: { labelFontSize: 11, titleFontSize: 11 }, legend: { labelFontSize: 11, titleFontSize: 11 }, title: { fontSize: 12 }, view: { stroke: null } };

async function draw(spec: Record<string, unknown>): Promise<{ png: Buffer; width: number; height: number }> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile({ ...spec, config: CONFIG } as Parameters<typeof vegaLite.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    const rendered = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT }, fitTo: { mode: "zoom", value: SCALE } }).render();
    return { png: rendered.asPng(), width: rendered.width / SCALE, height: rendered.height / SCALE };
  } finally {
    view.finalize();
  }
}

/** One KPI measure's measurements as a line, with its 3-, 6- and 12-month targets as marked points; null when it has nothing numeric to draw. */
export async function kpiChart(kpi: PackKpi): Promise<Chart | null> {
  const targets = kpi.targets.filter((t) => t.value !== null);
  if (kpi.measurements.length === 0 && targets.length === 0) return null;
  const points = [
    ...(kpi.baselineValue !== null && kpi.baselineDate ? [{ date: kpi.baselineDate, value: kpi.baselineValue, series: "Baseline" }] : []),
    ...kpi.measurements.map((m) => ({ date: m.date, value: m.value, series: "Measured" })),
  ];
  const targetPoints = targets.map((t) => ({ date: t.date, value: t.value!, series: t.label }));
  const name = `KPI ${kpi.id.replace(/^kpi\s*/i, "")}${kpi.label ? ` (${kpi.label})` : ""}`;
  const spec = {
    width: 440,
    height: 150,
    title: { text: name, anchor: "start" },
    encoding: { x: { field: "date", type: "temporal", title: null, axis: { format: "%b %Y", labelAngle: 0 } }, y: { field: "value", type: "quantitative", title: kpi.unit === "percent" ? "%" : kpi.unit, scale: { zero: false } } },
    layer: [
      { data: { values: points }, mark: { type: "line", point: { filled: true, size: 50 }, color: "#1f4e79", strokeWidth: 2 } },
      { data: { values: targetPoints }, mark: { type: "point", shape: "diamond", filled: true, size: 110, color: "#b3261e" } },
      { data: { values: targetPoints }, mark: { type: "text", dy: -12, fontSize: 11, color: "#3a3a3a" }, encoding: { text: { field: "series" } } },
    ],
  };
  const drawn = await draw(spec);
  const measured = kpi.measurements.map((m) => `${formatValue(m.value, kpi.unit)} on ${m.date}`).join(", ") || "no measurement yet";
  const aims = targets.map((t) => `${t.label} ${formatValue(t.value!, kpi.unit)} by ${t.date}`).join(", ") || "no numeric target";
  return {
    ...drawn,
    altText: { title: `${name} chart`, description: `Line chart of ${name}, ${kpi.title}. Baseline ${kpi.baseline}. Measurements: ${measured}. Targets: ${aims}. ${kpi.tracking}.` },
  };
}

/** Each action's milestones as a stacked bar of Blue, Green, Amber and Red. */
export async function progressChart(areas: PackArea[]): Promise<Chart> {
  const order = ["Blue", "Green", "Amber", "Red"] as const;
  const values = areas.flatMap((area) => area.actions.flatMap((a) => order.map((status, index) => ({ action: a.id, status, order: index, count: a.counts[status.toLowerCase() as Lowercase<typeof status>] }))));
  const spec = {
    width: 440,
    height: { step: 18 },
    data: { values },
    mark: { type: "bar", stroke: "#ffffff", strokeWidth: 1 },
    encoding: {
      y: { field: "action", type: "nominal", title: "Action", sort: null },
      x: { field: "count", type: "quantitative", title: "Milestones", stack: "zero", axis: { tickMinStep: 1, format: "d" } },
      color: { field: "status", type: "nominal", title: null, scale: { domain: [...order], range: order.map((s) => RAG_FILLS[s.toLowerCase() as keyof typeof RAG_FILLS]) }, legend: { orient: "bottom" } },
      order: { field: "order" },
    },
  };
  const drawn = await draw(spec);
  const rows = areas.flatMap((area) => area.actions.map((a) => `${a.id}: ${a.counts.blue} Blue, ${a.counts.green} Green, ${a.counts.amber} Amber, ${a.counts.red} Red`));
  return { ...drawn, altText: { title: "Milestones by status per action", description: `Stacked bar chart of each action's milestones by status. ${rows.join("; ")}.` } };
}
