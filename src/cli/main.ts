// First: compiled modules from Node's cache, and the embedded store's process started before the rest loads (see each).
import "../compileCache";
import "../prewarmStore";
import { readFile, stat } from "node:fs/promises";
import { userInfo } from "node:os";
import { basename, dirname, resolve } from "node:path";
import { Command, InvalidArgumentError, Option } from "commander";
import { loadConfig, loadDotEnv } from "../config";
import { isIsoDate, todayIn } from "../domain/dates";
import { findKpi, kpiStatus, kpiStatuses } from "../domain/kpis";
import { groupByOwner, milestonesDueWithin, overdueMilestones, unownedMilestones } from "../domain/milestones";
import { riskRegister } from "../domain/risks";
import { parseStatus, RAG_STATUSES, type RagStatus } from "../domain/status";
import { summariseAction, summarisePlan } from "../domain/summaries";
import { findAction, type PlanView } from "../domain/view";
import { PlanTrackerError, type ErrorCode } from "../errors";
import { cycleOf } from "../domain/duePrompts";
import { openApp, withPromptCycle, type App } from "../index";
import { asPromptRecords } from "../storage/promptRepository";
import type { Actor, ImportReport } from "../storage/planDiff";
import { renderKpi, renderKpis } from "./text/kpis";
import { renderCycleReport, renderPrompts } from "./text/prompts";
import { renderOverdue } from "./text/overdue";
import { renderRisks } from "./text/risks";
import { renderAction, renderStatus } from "./text/status";
import { renderDigestMarkdown, renderDigestText } from "./text/digest";
import { formatTable } from "./table";
import { nextMeeting } from "../domain/boardCalendar";
import { addGovernanceCommands } from "./governanceCommands";
import { issueViews } from "../domain/issuesLog";
import { addRecordCommands } from "./recordCommands";
import { addPlanAccessCommands } from "./planAccessCommands";
import { ask, cardAsText } from "./ask";
import { PACK_FORMATS, type PackFormat } from "../app/reportService";
import { writeFileAtomically } from "./writeFileAtomically";
import { addBackupCommands } from "./backupCommands";
import { addPlanFileCommands } from "./planFileCommands";

const EXIT_CODES: Record<ErrorCode, number> = { "invalid-input": 2, "not-found": 3, conflict: 4, forbidden: 5, configuration: 6, storage: 7 };

interface CommonOptions {
  plan?: string;
  asOf?: string;
  json?: boolean;
}

function isoDateArgument(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError(`"${value}" is not a date in the form YYYY-MM-DD`);
  return value;
}

function print(options: CommonOptions, json: unknown, text: () => string): void {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text()}\n`);
}

function cliActor(by?: string): Actor {
  const user = userInfo().username;
  return { id: `cli:${user}`, name: by ?? user, source: "cli" };
}

/** Opens the app for one command, and always closes it (the embedded store must save and release its lock). */
async function withApp<T>(work: (app: App) => Promise<T>, options: { seedSample?: boolean } = {}): Promise<T> {
  loadDotEnv();
  const app = await openApp(loadConfig(), { longRunning: false, log: (message) => process.stderr.write(`${message}\n`), ...options });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

async function loadView(app: App, options: CommonOptions): Promise<{ view: PlanView; asOf: string }> {
  const view = await app.plans.view(await app.plans.resolvePlanId(options.plan));
  return { view, asOf: options.asOf ?? todayIn(view.plan.timeZone) };
}

function describeImport(report: ImportReport, dryRun: boolean): string {
  const list = (items: { kind: string; id: string; fields?: string[] }[]) =>
    items.map((i) => `  ${i.kind} ${i.id}${i.fields ? ` (${i.fields.join(", ")})` : ""}`).join("\n");
  const verb = dryRun ? "would be" : "were";
  const lines = [report.newPlan ? `Plan ${report.planId} ${dryRun ? "would be created" : "created"}.` : `Plan ${report.planId}:`];
  if (report.added.length + report.changed.length + report.removed.length === 0 && !report.newPlan) lines.push("  no changes: the stored plan already matches the file.");
  if (report.added.length) lines.push(`${report.added.length} ${verb} added:`, list(report.added));
  if (report.changed.length) lines.push(`${report.changed.length} ${verb} changed:`, list(report.changed));
  if (report.removed.length) lines.push(`${report.removed.length} ${verb} removed (their history is kept):`, list(report.removed));
  if (report.statusesKept.length) {
    lines.push(`${report.statusesKept.length} milestone status(es) in the file differ from the recorded ones, which are kept:`);
    lines.push(...report.statusesKept.map((s) => `  ${s.id}: recorded ${s.recorded}, file says ${s.inFile}`));
  }
  const show = (value: unknown) => (value === undefined ? "(none)" : JSON.stringify(value));
  const appKept = report.conflicts.filter((c) => c.kept === "app");
  const fileWins = report.conflicts.filter((c) => c.kept === "file");
  if (appKept.length) {
    lines.push(`${appKept.length} field(s) changed in the app since the last import, which the file would undo; the app's value ${dryRun ? "would be" : "was"} kept (import with --overwrite to take the file's):`);
    lines.push(...appKept.map((c) => `  ${c.kind} ${c.id} ${c.field}: app ${show(c.appValue)} (${c.byName}, ${c.at}), file ${show(c.fileValue)}`));
  }
  if (fileWins.length) {
    lines.push(`${fileWins.length} field(s) changed in the app since the last import ${dryRun ? "would be" : "were"} overwritten by the file (--overwrite):`);
    lines.push(...fileWins.map((c) => `  ${c.kind} ${c.id} ${c.field}: app ${show(c.appValue)} (${c.byName}, ${c.at}), file ${show(c.fileValue)}`));
  }
  if (report.keptFromApp?.length) lines.push(`${report.keptFromApp.length} added in the app and kept (the file does not undo them):`, list(report.keptFromApp));
  return lines.join("\n");
}

export function buildProgram(): Command {
  const program = new Command("plan-tracker")
    .description("Keeps a SEND Accelerated Progress Plan current: import it, ask how it stands.")
    .showHelpAfterError();

  const common = (command: Command) =>
    command
      .option("--plan <id>", "the plan (default: PLAN_ID, or the only stored plan)")
      .addOption(new Option("--as-of <date>", "compute as of this date (YYYY-MM-DD; default today in the plan's time zone)").argParser(isoDateArgument))
      .option("--json", "print JSON (stable; documented in README)");

  program
    .command("import <file>")
    .description("import a plan: JSON (a whole plan) or CSV (the milestones of a stored plan); nothing is written unless the whole file is valid")
    .option("--plan <id>", "the stored plan a CSV revises (default: PLAN_ID, or the only stored plan)")
    .option("--dry-run", "check the file and report what would change, writing nothing")
    .option("--overwrite", "let the file undo definitions changed in the app since the last import (by default the app's value is kept)")
    .option("--json", "print the import report as JSON")
    .action(async (file: string, options: { plan?: string; dryRun?: boolean; json?: boolean; overwrite?: boolean }) => {
      const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new PlanTrackerError("invalid-input", `cannot read ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
      });
      const report = await withApp((app) => app.plans.importFile(basename(file), text, { ...cliActor(), source: "import" }, options));
      print(options, report, () => describeImport(report, options.dryRun ?? false));
    });

  common(program.command("status [action]").description("the progress table, or one action in detail")).action(
    async (actionId: string | undefined, options: CommonOptions) => {
      await withApp(async (app) => {
        const { view, asOf } = await loadView(app, options);
        if (actionId) {
          const action = findAction(view.plan, actionId);
          if (!action) throw new PlanTrackerError("not-found", `action ${actionId} is not in plan ${view.plan.id} (actions: ${view.plan.actions.map((a) => a.id).join(", ")})`);
          const detail = summariseAction(view, action, asOf);
          // The lead's "What has changed?" for each month, newest first (a field added to the action's JSON).
          const commentary = (view.records?.commentary ?? []).filter((c) => c.actionId === action.id && c.period <= asOf.slice(0, 7)).sort((a, b) => b.period.localeCompare(a.period)).map(({ period, text, byName, at, source }) => ({ period, text, by: byName, at, source }));
          // Issue 23 adds the action's issues and its source note (fields added; none renamed).
          const issues = issueViews(view.plan, view.records, { actionId: action.id });
          print(options, { asOf, plan: { id: view.plan.id, title: view.plan.title }, action: { ...detail, commentary, issues, ...(action.sourceNote ? { sourceNote: action.sourceNote } : {}) } }, () => renderAction(detail, asOf, action.sourceNote) + (issues.length ? `\n\nIssues: ${issues.map((i) => `${i.id} ${i.title} (${i.state})`).join("; ")}` : "") + (commentary[0] ? `\n\nWhat has changed (${commentary[0].period}, ${commentary[0].by}): ${commentary[0].text}` : ""));
          return;
        }
        const summary = summarisePlan(view, asOf);
        const json = { ...summary, actions: summary.actions.map(({ milestones: _omitted, ...action }) => action) };
        print(options, json, () => renderStatus(summary));
      });
    },
  );

  common(program.command("overdue").description("overdue milestones grouped by owner, and those due soon"))
    .addOption(new Option("--due-within <days>", "also list milestones due within this many days").default(14).argParser((v) => Number.parseInt(v, 10)))
    .action(async (options: CommonOptions & { dueWithin: number }) => {
      await withApp(async (app) => {
        const { view, asOf } = await loadView(app, options);
        const overdue = overdueMilestones(view, asOf);
        const dueSoon = milestonesDueWithin(view, asOf, options.dueWithin);
        const json = { asOf, plan: { id: view.plan.id, title: view.plan.title }, overdue, byOwner: groupByOwner(overdue), dueSoon, unowned: unownedMilestones(view, asOf) };
        print(options, json, () => renderOverdue(groupByOwner(overdue), asOf, dueSoon, options.dueWithin));
      });
    });

  common(program.command("kpis [kpi]").description("KPIs against the current checkpoint target, or one KPI with its measurements")).action(
    async (kpiId: string | undefined, options: CommonOptions) => {
      await withApp(async (app) => {
        const { view, asOf } = await loadView(app, options);
        if (kpiId) {
          const kpi = findKpi(view.plan, kpiId);
          if (!kpi) throw new PlanTrackerError("not-found", `${kpiId} is not a KPI of plan ${view.plan.id} (KPIs: ${view.plan.kpis.map((k) => k.id).join(", ")})`);
          const status = kpiStatus(view.plan, kpi, asOf);
          print(options, { asOf, kpi: status }, () => renderKpi(status, asOf));
          return;
        }
        const statuses = kpiStatuses(view.plan, asOf);
        print(options, { asOf, kpis: statuses }, () => renderKpis(statuses, asOf));
      });
    },
  );

  common(program.command("risks").description("the risk register with scores, highest first, and those due for review")).action(async (options: CommonOptions) => {
    await withApp(async (app) => {
      const { view, asOf } = await loadView(app, options);
      const risks = riskRegister(view.plan, asOf, view.records);
      print(options, { asOf, risks, dueForReview: risks.filter((r) => r.dueForReview).map((r) => r.id) }, () => renderRisks(risks, asOf));
    });
  });

  program
    .command("digest")
    .description("a board's digest as at a date (what would be posted; nothing is recorded)")
    .requiredOption("--board <id>", "the board (its id, or its name)")
    .option("--plan <id>", "the plan (default: PLAN_ID, or the only stored plan)")
    .option("--as-of <date>", "the date to compute it at (YYYY-MM-DD; default today in the plan's time zone)", isoDateArgument)
    .addOption(new Option("--format <format>", "text for a terminal, markdown for board papers, json for programs").choices(["text", "markdown", "json"]).default("text"))
    .action(async (options: CommonOptions & { board: string; format: "text" | "markdown" | "json" }) => {
      await withApp(async (app) => {
        const { view, asOf } = await loadView(app, options);
        const board = app.digests.board(view, options.board);
        const digest = await app.digests.content(view.plan.id, view, board, asOf);
        const output = options.format === "json" ? `${JSON.stringify(digest, null, 2)}\n` : options.format === "markdown" ? renderDigestMarkdown(digest) : `${renderDigestText(digest)}\n`;
        process.stdout.write(output);
      });
    });

  program
    .command("report")
    .description("a board's pack as a Word or Excel file (seed 003's progress report, with KPIs, risks and charts)")
    .requiredOption("--board <id>", "the board (its id, or its name)")
    .option("--plan <id>", "the plan (default: PLAN_ID, or the only stored plan)")
    .option("--as-of <date>", "the date to compute it at (YYYY-MM-DD; default today in the plan's time zone)")
    .option("--format <format>", "docx (Word) or xlsx (Excel)", "docx")
    .option("--out <file>", "where to write it (default: <board>-<date>.<format> in this folder)")
    .action(async (options: { board: string; plan?: string; asOf?: string; format: string; out?: string }) => {
      // Every argument is checked before the store opens, and the file is written whole or not at all.
      if (!(PACK_FORMATS as readonly string[]).includes(options.format)) throw new PlanTrackerError("invalid-input", `--format "${options.format}" is not one of ${PACK_FORMATS.join(", ")}`);
      if (options.asOf !== undefined && !isIsoDate(options.asOf)) throw new PlanTrackerError("invalid-input", `--as-of "${options.asOf}" is not a date in the form YYYY-MM-DD`);
      if (options.out !== undefined) await requireFolder(dirname(resolve(options.out)), "--out");
      const format = options.format as PackFormat;
      const { out, bytes } = await withApp(async (app) => {
        const { view, asOf } = await loadView(app, options);
        const pack = await app.reports.pack(view.plan.id, view, options.board, asOf).catch((error: unknown) => {
          // An unknown board is a mistake in the command line, like a bad date.
          throw error instanceof PlanTrackerError && error.code === "not-found" ? new PlanTrackerError("invalid-input", error.message) : error;
        });
        return { out: options.out ?? app.reports.fileName(pack, format), bytes: await app.reports.render(pack, format) };
      });
      await writeFileAtomically(out, bytes);
      process.stdout.write(`Wrote ${out} (${bytes.length.toLocaleString("en-GB")} bytes).\n`);
    });

  common(program.command("boards").description("each board's next meeting, its digest date and where it is posted")).action(async (options: CommonOptions) => {
    await withApp(async (app) => {
      const { view, asOf } = await loadView(app, options);
      const channels = await app.digestRecords.channels(view.plan.id);
      const boards = view.plan.boards.map((board) => {
        const next = nextMeeting(board, view.plan, asOf);
        const channel = channels.get(board.id);
        return { id: board.id, name: board.name, cadence: board.cadence ?? null, meetingRule: board.meetingRule ?? null, digestLeadDays: board.digestLeadDays, nextMeeting: next?.meeting ?? null, digestOn: next?.digestOn ?? null, channel: channel ? { name: channel.name ?? null, registeredBy: channel.registeredBy, registeredAt: channel.registeredAt } : null };
      });
      print(options, { asOf, boards }, () =>
        formatTable(["Board", "Cadence", "Next meeting", "Digest", "Channel"], boards.map((b) => [b.name, [b.cadence, b.meetingRule].filter(Boolean).join(", "), b.nextMeeting ?? "(not known)", b.digestOn ?? "", b.channel ? (b.channel.name ?? "registered") : "(none)"]), { maxWidth: [40, 36] }),
      );
    });
  });

  common(program.command("prompts").description("who is due a prompt for which milestones this cycle, and how each would be reached"))
    .option("--dry-run", "compute the cycle without sending or recording anything")
    .action(async (options: CommonOptions & { dryRun?: boolean }) => {
      await withApp(async (app) => {
        // Without --plan (and PLAN_ID), every stored plan: one cycle per plan, each under its own lease and keys.
        const planIds = options.plan || app.plans.defaultPlanId ? [await app.plans.resolvePlanId(options.plan)] : (await app.plans.listPlans()).map((p) => p.id);
        if (planIds.length === 0) await app.plans.resolvePlanId();
        const results: { planId: string; text: string; json: unknown }[] = [];
        for (const planId of planIds) {
          const timeZone = (await app.plans.view(planId)).plan.timeZone;
          const asOf = options.asOf ?? todayIn(timeZone);
          if (options.dryRun) {
            const result = await app.prompts.plan(planId, asOf, asPromptRecords(await app.promptRecords.listCycle(planId, cycleOf(asOf))), { withItems: true });
            results.push({ planId, text: renderPrompts(result), json: result });
          } else {
            // The same cycle the bot's timer runs, under the same lease: safe beside a running bot.
            const report = await withPromptCycle(app, (message) => process.stderr.write(`${message}\n`), (cycle) => cycle.run(planId, asOf));
            results.push({ planId, text: renderCycleReport(report), json: report });
          }
        }
        // One plan: its result as before. Several: each under its plan's id ({ plans: [{ planId, ... }] } in JSON).
        if (results.length === 1) print(options, results[0]!.json, () => results[0]!.text);
        else print(options, { plans: results.map((r) => ({ planId: r.planId, ...(r.json as object) })) }, () => results.map((r) => `Plan ${r.planId}:\n${r.text}`).join("\n\n"));
      });
    });

  program
    .command("update <milestone>")
    .description("record a milestone's status (as a plan admin, outside Teams), with history")
    .requiredOption("--status <status>", "blue, green, amber or red")
    .option("--note <text>", "progress note")
    .option("--evidence <url>", "https link to evidence")
    .addOption(new Option("--revised-due <date>", "revised due date (YYYY-MM-DD)").argParser(isoDateArgument))
    .option("--by <name>", "who is recording it (default: your user name)")
    .option("--plan <id>", "the plan")
    .option("--json", "print the recorded update as JSON")
    .action(async (milestoneId: string, options: { status: string; note?: string; evidence?: string; revisedDue?: string; by?: string; plan?: string; json?: boolean }) => {
      const status = parseStatus(options.status);
      if (!status || status === "unrated") throw new PlanTrackerError("invalid-input", `--status "${options.status}" is not one of ${RAG_STATUSES.join(", ")}`);
      if (options.evidence !== undefined && !/^https:\/\/\S+$/.test(options.evidence)) throw new PlanTrackerError("invalid-input", "--evidence must be an https:// link");
      const recorded = await withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        return app.plans.recordMilestoneUpdate(planId, milestoneId, { status, note: options.note, evidence: options.evidence, revisedDue: options.revisedDue }, cliActor(options.by));
      });
      print(options, recorded, () => `Recorded ${milestoneId}: ${recorded.oldStatus} → ${recorded.newStatus} (version ${recorded.version}).`);
    });

  program
    .command("override <action> <status>")
    .description("set an action's overall status in place of the derived one (with --reason), or `clear` it")
    .option("--reason <text>", "why (required unless clearing)")
    .option("--by <name>", "who decided (default: your user name)")
    .option("--plan <id>", "the plan")
    .action(async (actionId: string, statusText: string, options: { reason?: string; by?: string; plan?: string }) => {
      const clear = statusText.toLowerCase() === "clear";
      const status = parseStatus(statusText);
      if (!clear && (!status || status === "unrated")) throw new PlanTrackerError("invalid-input", `"${statusText}" is not one of ${RAG_STATUSES.join(", ")} or clear`);
      if (!clear && !options.reason?.trim()) throw new PlanTrackerError("invalid-input", "an override needs --reason");
      await withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        await app.plans.setActionOverride(planId, actionId, clear ? null : { status: status as RagStatus, reason: options.reason!.trim() }, cliActor(options.by));
      });
      process.stdout.write(clear ? `Override of ${actionId} cleared.\n` : `Action ${actionId} overridden to ${status}.\n`);
    });

  addRecordCommands(program, { withApp, print, cliActor, isoDateArgument });
  addGovernanceCommands(program, { withApp, print, cliActor, isoDateArgument });
  addBackupCommands(program, { withApp, print, cliActor });
  addPlanFileCommands(program, { withApp, print, cliActor });
  addPlanAccessCommands(program, { withApp, print, cliActor, isoDateArgument });

  common(program.command("ask <question>").description("answers a question as Plan Tracker does in Teams: how it was read, and the card (or the question back)"))
    .option("--person <id>", "answer as this plan person (for \"mine\")")
    .action(async (question: string, options: CommonOptions & { person?: string }) => {
      const result = await withApp(async (app) => {
        const { view, asOf } = await loadView(app, options);
        if (options.person && !view.plan.people.some((p) => p.id === options.person)) throw new PlanTrackerError("not-found", `There is no person ${options.person} in plan ${view.plan.id}.`);
        return ask(app, view, asOf, question, options.person);
      });
      const { reply, ...reading } = result;
      print(options, { ...reading, card: reply.card, view: reply.data }, () => `read as: ${result.command} ${JSON.stringify(result.args)}\n\n${cardAsText(reply)}`);
    });

  program
    .command("plans")
    .description("the plans in the store")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const plans = await withApp((app) => app.plans.listPlans());
      print(options, plans, () => plans.map((p) => `${p.id}  ${p.title}`).join("\n") || "No plans stored.");
    });

  return program;
}

async function requireFolder(folder: string, option: string): Promise<void> {
  const found = await stat(folder).catch(() => undefined);
  if (!found?.isDirectory()) throw new PlanTrackerError("invalid-input", `${option}: the folder ${folder} does not exist`);
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof PlanTrackerError) {
      process.stderr.write(`plan-tracker: ${error.describe()}\n`);
      return EXIT_CODES[error.code];
    }
    process.stderr.write(`plan-tracker: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
