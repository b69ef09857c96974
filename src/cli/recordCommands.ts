import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { Option, type Command } from "commander";
import { displayDate, todayIn } from "../domain/dates";
import { describeMonth } from "../domain/periods";
import { qiStatuses } from "../domain/qis";
import { NO_RECORDS } from "../domain/records";
import { PlanTrackerError } from "../errors";
import type { App } from "../index";
import type { Actor } from "../storage/planDiff";
import { historyEntry, renderHistory } from "./text/history";
import { renderQis } from "./text/qis";

/** What main.ts shares with these commands (kept there: one way to open the app, print and name the actor). */
export interface CliHelpers {
  withApp<T>(work: (app: App) => Promise<T>): Promise<T>;
  print(options: { json?: boolean }, json: unknown, text: () => string): void;
  cliActor(by?: string): Actor;
  isoDateArgument(value: string): string;
}

async function readText(file: string): Promise<string> {
  return readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new PlanTrackerError("invalid-input", `cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
  });
}

/**
 * The monthly cycle's records from the command line: KPI measurements (one, or a
 * dashboard CSV), risk reviews, QI findings, leads' commentary, the QI list and the
 * history of anything. Run as a plan admin, like `update`.
 */
export function addRecordCommands(program: Command, h: CliHelpers): void {
  program
    .command("measure <kpi> <value>")
    .description("record a KPI measurement (one per KPI part per month; a second one for the month replaces the first, which stays in history)")
    .addOption(new Option("--date <date>", "the date it is for (YYYY-MM-DD; not in the future)").argParser(h.isoDateArgument).makeOptionMandatory())
    .option("--part <part>", "the part of a two-part KPI (a or b)")
    .option("--note <text>", "a note (at most 2,000 characters)")
    .option("--link <url>", "an https link to the source")
    .option("--by <name>", "who is recording it (default: your user name)")
    .option("--plan <id>", "the plan")
    .option("--json", "print the recorded measurement as JSON")
    .action(async (kpi: string, value: string, options: { date: string; part?: string; note?: string; link?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        return app.records.recordMeasurement(planId, { kpi, part: options.part, value, date: options.date, note: options.note, link: options.link }, h.cliActor(options.by));
      });
      const { record, replaced, duplicate } = result;
      h.print(options, { ...result, record: { ...record, etag: undefined } }, () => {
        const label = `${record.kpiId}${record.part ? ` (${record.part})` : ""}`;
        const lines = [`Recorded ${label}: ${record.value} for ${describeMonth(record.period)} (${displayDate(record.date)}).`];
        if (replaced) lines.push(`It replaces ${replaced.value} recorded by ${replaced.byName} on ${replaced.at.slice(0, 10)}, which stays in the history.`);
        if (duplicate) lines.push("(It had already been recorded; nothing new was written.)");
        return lines.join("\n");
      });
    });

  program
    .command("import-measurements <file>")
    .description("record KPI measurements from a dashboard CSV (columns kpi, part, date, value, note): all or nothing, errors by row and column")
    .option("--dry-run", "check the file, writing nothing")
    .option("--by <name>", "who is recording them (default: your user name)")
    .option("--plan <id>", "the plan")
    .option("--json", "print JSON")
    .action(async (file: string, options: { dryRun?: boolean; by?: string; plan?: string; json?: boolean }) => {
      const text = await readText(file);
      const result = await h.withApp(async (app) => app.records.importMeasurements(await app.plans.resolvePlanId(options.plan), basename(file), text, { ...h.cliActor(options.by), source: "import" }, { dryRun: options.dryRun }));
      h.print(options, result, () => {
        if (result.dryRun) return `${result.rows} measurement(s) are valid; nothing was written (--dry-run).`;
        const lines = [`${result.written.length} measurement(s) recorded, ${result.unchanged} already recorded.`];
        for (const r of result.replaced) lines.push(`  replaced ${r.kpiId}${r.part ? ` (${r.part})` : ""} ${describeMonth(r.period)}: ${r.value} (kept in history)`);
        return lines.join("\n");
      });
    });

  program
    .command("review <risk>")
    .description("record a review of a risk, reviewed today: after-mitigation likelihood and impact, progress, mitigation; the next review date moves on")
    .addOption(new Option("--likelihood <level>", "likelihood after mitigation").choices(["low", "medium", "high"]))
    .addOption(new Option("--impact <level>", "impact after mitigation").choices(["low", "medium", "high"]))
    .option("--progress <text>", "progress against the mitigation")
    .option("--mitigation <text>", "the mitigation, if it changed")
    .option("--by <name>", "who reviewed it (default: your user name)")
    .option("--plan <id>", "the plan")
    .option("--json", "print JSON")
    .action(async (risk: string, options: { likelihood?: string; impact?: string; progress?: string; mitigation?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        return app.records.reviewRisk(planId, { risk, likelihood: options.likelihood, impact: options.impact, progress: options.progress, mitigation: options.mitigation }, h.cliActor(options.by));
      });
      h.print(options, { ...result, record: { ...result.record, etag: undefined } }, () => `Reviewed ${result.record.riskId} on ${displayDate(result.record.reviewedOn)}: after mitigation ${result.record.likelihood} likelihood, ${result.record.impact} impact. Next review ${displayDate(result.nextReview)}.`);
    });

  program
    .command("finding <qi>")
    .description("record a quality indicator's finding for its period (a second one for the period replaces the first, kept in history)")
    .requiredOption("--text <text>", "the finding (at most 2,000 characters)")
    .addOption(new Option("--date <date>", "the date of the finding (YYYY-MM-DD; default today)").argParser(h.isoDateArgument))
    .option("--link <url>", "an https link to the source or evidence")
    .addOption(new Option("--rating <rating>", "an optional rating").choices(["blue", "green", "amber", "red"]))
    .option("--by <name>", "who is recording it (default: your user name)")
    .option("--plan <id>", "the plan")
    .option("--json", "print JSON")
    .action(async (qi: string, options: { text: string; date?: string; link?: string; rating?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        const date = options.date ?? todayIn((await app.plans.view(planId)).plan.timeZone);
        return app.records.recordFinding(planId, { qi, date, text: options.text, link: options.link, rating: options.rating }, h.cliActor(options.by));
      });
      h.print(options, { ...result, record: { ...result.record, etag: undefined } }, () => `Recorded a finding of ${result.record.qiId} for ${result.record.period}${result.replaced ? " (it replaces the earlier one, kept in history)" : ""}.`);
    });

  program
    .command("comment <action> <text>")
    .description("record the action lead's \"What has changed?\" commentary for this month's board papers")
    .option("--by <name>", "who wrote it (default: your user name)")
    .option("--plan <id>", "the plan")
    .option("--json", "print JSON")
    .action(async (action: string, text: string, options: { by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => app.records.recordCommentary(await app.plans.resolvePlanId(options.plan), { action, text }, h.cliActor(options.by)));
      h.print(options, { ...result, record: { ...result.record, etag: undefined } }, () => `Recorded the commentary on ${result.record.actionId} for ${describeMonth(result.record.period)}${result.replaced ? " (it replaces the earlier one, kept in history)" : ""}.`);
    });

  program
    .command("qis")
    .description("each quality indicator with its cadence, its latest finding, and whether one is due this period")
    .option("--plan <id>", "the plan")
    .addOption(new Option("--as-of <date>", "as of this date (YYYY-MM-DD)").argParser(h.isoDateArgument))
    .option("--json", "print JSON")
    .action(async (options: { plan?: string; asOf?: string; json?: boolean }) => {
      await h.withApp(async (app) => {
        const view = await app.plans.view(await app.plans.resolvePlanId(options.plan));
        const asOf = options.asOf ?? todayIn(view.plan.timeZone);
        const qis = qiStatuses(view.plan, view.records ?? NO_RECORDS, asOf);
        h.print(options, { asOf, qis, dueThisPeriod: qis.filter((q) => q.dueThisPeriod).map((q) => q.id) }, () => renderQis(qis, asOf));
      });
    });

  program
    .command("history [subject...]")
    .description("recorded changes, oldest first: of every milestone, or of one milestone (1.2.4), action (1.2: overrides and commentary), KPI (kpi 7), risk (R3) or QI")
    .option("--plan <id>", "the plan")
    .option("--json", "print JSON")
    .action(async (words: string[], options: { plan?: string; json?: boolean }) => {
      const rows = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        if (words.length === 0) return app.plans.milestoneHistory(planId);
        return (await app.records.history(planId, words.join(" "))).entries;
      });
      h.print(options, rows.map(historyEntry), () => renderHistory(rows));
    });
}
