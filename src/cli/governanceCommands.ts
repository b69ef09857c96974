import { Option, type Command } from "commander";
import { displayDate, todayIn } from "../domain/dates";
import { externalReviews, findExternalReview, reviewStatus } from "../domain/externalReviews";
import { activeBoardEscalations, issueViews } from "../domain/issuesLog";
import { milestoneCheckpoints } from "../domain/milestoneCheckpoints";
import { dataToComplete } from "../domain/dataToComplete";
import { findAction, findMilestone } from "../domain/view";
import { PlanTrackerError } from "../errors";
import type { CliHelpers } from "./recordCommands";
import { historyEntry, renderHistory } from "./text/history";
import { renderBoardEscalations, renderCheckpoints, renderExternalReviews, renderIssue, renderIssues } from "./text/governance";

interface ReadOptions {
  plan?: string;
  asOf?: string;
  json?: boolean;
}

/**
 * Governance from the command line (issue 23): the issues log, board escalation of a risk
 * or an issue to the board above, external reviews and their recommendations, milestone
 * checkpoints, and the data the plan file leaves to complete. Run as a plan admin, like `update`.
 */
export function addGovernanceCommands(program: Command, h: CliHelpers): void {
  const read = (command: Command) =>
    command
      .option("--plan <id>", "the plan (default: PLAN_ID, or the only stored plan)")
      .addOption(new Option("--as-of <date>", "compute as of this date (YYYY-MM-DD; default today in the plan's time zone)").argParser(h.isoDateArgument))
      .option("--json", "print JSON");
  const write = (command: Command) =>
    command
      .addOption(new Option("--date <date>", "the date it happened (YYYY-MM-DD; default today; not in the future)").argParser(h.isoDateArgument))
      .option("--by <name>", "who is recording it (default: your user name)")
      .option("--plan <id>", "the plan")
      .option("--json", "print JSON");

  const viewOf = (options: ReadOptions) =>
    h.withApp(async (app) => {
      const view = await app.plans.view(await app.plans.resolvePlanId(options.plan));
      return { app, view, asOf: options.asOf ?? todayIn(view.plan.timeZone) };
    });

  read(program.command("issues").description("the plan's issues log: problems that have happened (a risk is one that may happen)"))
    .option("--action <id>", "only the issues of this action")
    .option("--open", "leave out closed issues")
    .action(async (options: ReadOptions & { action?: string; open?: boolean }) => {
      const issues = await h.withApp(async (app) => {
        const view = await app.plans.view(await app.plans.resolvePlanId(options.plan));
        if (options.action && !findAction(view.plan, options.action)) throw new PlanTrackerError("not-found", `action ${options.action} is not in plan ${view.plan.id}`);
        return issueViews(view.plan, view.records, { actionId: options.action, includeClosed: !options.open });
      });
      h.print(options, { issues }, () => renderIssues(issues));
    });

  read(program.command("issue <id>").description("one issue: its owner, actions, impact, state, board escalation and history")).action(async (id: string, options: ReadOptions) => {
    const result = await h.withApp(async (app) => {
      const planId = await app.plans.resolvePlanId(options.plan);
      const view = await app.plans.view(planId);
      const issue = issueViews(view.plan, view.records).find((i) => i.id.toUpperCase() === id.trim().toUpperCase());
      if (!issue) throw new PlanTrackerError("not-found", `there is no issue ${id} in plan ${planId}`);
      return { issue, history: (await app.governance.history(planId, "issue", issue.id)).map(historyEntry) };
    });
    h.print(options, result, () => `${renderIssue(result.issue)}\n\nHistory:\n${renderHistory((result.history as never[]))}`);
  });

  write(program.command("raise-issue <title>").description("raise an issue in the issues log, for the actions it affects"))
    .requiredOption("--for <actions>", "the action(s) it affects, comma-separated (\"1.2\" or \"1.2,2.3\")")
    .option("--impact <text>", "its impact")
    .option("--owner <person>", "its owner, a plan person's id (default: the lead of the first action)")
    .action(async (title: string, options: { for: string; impact?: string; owner?: string; date?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        const view = await app.plans.view(planId);
        const actions = options.for.split(",").map((a) => a.trim());
        const owner = options.owner ?? findAction(view.plan, actions[0] ?? "")?.lead;
        return app.governance.raiseIssue(planId, { title, actions, impact: options.impact, owner }, { isAdmin: true }, h.cliActor(options.by), { today: writeDate(options.date, view.plan.timeZone) });
      });
      h.print(options, { ...result, record: { ...result.record, etag: undefined } }, () => `Raised ${result.record.id} for ${result.record.actions.join(", ")}: ${result.record.title}`);
    });

  write(program.command("update-issue <id>").description("change an issue's title, impact or owner (with history)"))
    .option("--title <text>", "what the issue is")
    .option("--impact <text>", "its impact")
    .option("--owner <person>", "its owner, a plan person's id")
    .option("--reopen", "reopen a closed issue")
    .action(async (id: string, options: { title?: string; impact?: string; owner?: string; reopen?: boolean; date?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        const view = await app.plans.view(planId);
        return app.governance.changeIssue(planId, id, { title: options.title, impact: options.impact, owner: options.owner, reopen: options.reopen }, h.cliActor(options.by), { today: writeDate(options.date, view.plan.timeZone) });
      });
      h.print(options, { ...result, record: { ...result.record, etag: undefined } }, () => `Updated ${result.record.id}${result.duplicate ? " (already recorded)" : ""}.`);
    });

  write(program.command("close-issue <id>").description("close an issue (with history)"))
    .option("--note <text>", "how it was resolved")
    .action(async (id: string, options: { note?: string; date?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        const view = await app.plans.view(planId);
        return app.governance.changeIssue(planId, id, { close: { note: options.note } }, h.cliActor(options.by), { today: writeDate(options.date, view.plan.timeZone) });
      });
      h.print(options, { ...result, record: { ...result.record, etag: undefined } }, () => `Closed ${result.record.id} on ${displayDate(result.record.closedOn ?? "")}.`);
    });

  write(program.command("escalate <risk-or-issue>").description("board escalation: send a risk (R3) or an issue (I1) to the board its board reports to"))
    .requiredOption("--to <board>", "the board it goes to (id or name)")
    .requiredOption("--because <reason>", "why it is escalated")
    .action(async (subject: string, options: { to: string; because: string; date?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        const view = await app.plans.view(planId);
        return app.governance.escalate(planId, { subject, toBoard: options.to, reason: options.because }, h.cliActor(options.by), { today: writeDate(options.date, view.plan.timeZone) });
      });
      h.print(options, { boardEscalation: { ...result.record, etag: undefined }, duplicate: result.duplicate }, () => `${result.record.subjectId} escalated from ${result.record.fromBoard} to ${result.record.toBoard} on ${displayDate(result.record.escalatedOn)}.`);
    });

  write(program.command("de-escalate <risk-or-issue>").description("bring a risk or an issue back from the board it was escalated to"))
    .option("--note <text>", "why")
    .action(async (subject: string, options: { note?: string; date?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        const view = await app.plans.view(planId);
        return app.governance.deescalate(planId, subject, options.note, h.cliActor(options.by), { today: writeDate(options.date, view.plan.timeZone) });
      });
      h.print(options, { boardEscalation: { ...result.record, etag: undefined }, duplicate: result.duplicate }, () => `${result.record.subjectId} de-escalated from ${result.record.toBoard}.`);
    });

  read(program.command("escalations").description("what has been escalated to a board (board escalation), as at a date"))
    .option("--board <id>", "only what was escalated to this board")
    .action(async (options: ReadOptions & { board?: string }) => {
      const escalations = await h.withApp(async (app) => {
        const view = await app.plans.view(await app.plans.resolvePlanId(options.plan));
        const asOf = options.asOf ?? todayIn(view.plan.timeZone);
        const all = activeBoardEscalations(view.plan, view.records, asOf);
        if (!options.board) return all;
        const board = app.digests.board(view, options.board);
        return all.filter((e) => e.toBoard.id === board.id);
      });
      h.print(options, { boardEscalations: escalations }, () => renderBoardEscalations(escalations));
    });

  read(program.command("external-reviews").description("external reviews (DfE and NHS England) with each recommendation's state from the work linked to it")).action(async (options: ReadOptions) => {
    const { reviews } = await h.withApp(async (app) => {
      const view = await app.plans.view(await app.plans.resolvePlanId(options.plan));
      return { reviews: externalReviews(view, options.asOf ?? todayIn(view.plan.timeZone)) };
    });
    h.print(options, { externalReviews: reviews }, () => renderExternalReviews(reviews, false));
  });

  read(program.command("external-review <board> <date>").description("one external review: its findings, recommendations, their linked work and state, and its source")).action(async (board: string, date: string, options: ReadOptions) => {
    const review = await h.withApp(async (app) => {
      const view = await app.plans.view(await app.plans.resolvePlanId(options.plan));
      const found = findExternalReview(view.plan, board, date);
      if (!found) throw new PlanTrackerError("not-found", `there is no external review of ${board} on ${date} (reviews: ${view.plan.externalReviews.map((r) => `${r.board} ${r.date}`).join(", ") || "none"})`);
      return reviewStatus(view, found, options.asOf ?? todayIn(view.plan.timeZone));
    });
    h.print(options, { externalReview: review }, () => renderExternalReviews([review], true));
  });

  program
    .command("recommendation-milestone <board> <date> <recommendation>")
    .description("turn an external review's recommendation into a new milestone of an action (an in-app change that later imports keep)")
    .requiredOption("--action <id>", "the action it belongs to")
    .requiredOption("--title <text>", "what the milestone delivers")
    .requiredOption("--owner <person>", "its owner, a plan person's id")
    .requiredOption("--due <month or date>", "when it is due (\"June 2024\" or YYYY-MM-DD)")
    .option("--id <id>", "its id (default: the action's next number)")
    .option("--by <name>", "who is adding it (default: your user name)")
    .option("--plan <id>", "the plan")
    .option("--json", "print JSON")
    .action(async (board: string, date: string, recommendation: string, options: { action: string; title: string; owner: string; due: string; id?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        return app.governance.milestoneFromRecommendation(planId, { board, date, recommendation, actionId: options.action, title: options.title, owner: options.owner, due: options.due, id: options.id }, h.cliActor(options.by));
      });
      h.print(options, result, () => `Added milestone ${result.milestone.id} to action ${result.actionId}, from ${result.milestone.origin?.from ?? "the review"}: ${result.milestone.title} (due ${displayDate(result.milestone.due ?? "")}).`);
    });

  read(program.command("checkpoints <milestone>").description("a milestone's checkpoints and their state")).action(async (milestoneId: string, options: ReadOptions) => {
    const result = await h.withApp(async (app) => {
      const view = await app.plans.view(await app.plans.resolvePlanId(options.plan));
      const found = findMilestone(view.plan, milestoneId);
      if (!found) throw new PlanTrackerError("not-found", `milestone ${milestoneId} is not in plan ${view.plan.id}`);
      const asOf = options.asOf ?? todayIn(view.plan.timeZone);
      return { milestoneId: found.milestone.id, rule: found.milestone.checkpoints ?? null, checkpoints: milestoneCheckpoints(found.milestone, view.plan.startDate, view.records?.checkpoints ?? [], asOf) };
    });
    h.print(options, result, () => renderCheckpoints(result.milestoneId, result.rule ?? "", result.checkpoints));
  });

  write(program.command("checkpoint <milestone> <checkpoint-date> <state>").description("record a milestone checkpoint done or missed (it does not change the milestone's status)"))
    .option("--note <text>", "a note")
    .action(async (milestone: string, checkpointDate: string, state: string, options: { note?: string; date?: string; by?: string; plan?: string; json?: boolean }) => {
      const result = await h.withApp(async (app) => {
        const planId = await app.plans.resolvePlanId(options.plan);
        const view = await app.plans.view(planId);
        return app.governance.recordCheckpoint(planId, { milestone, date: checkpointDate, state, note: options.note }, h.cliActor(options.by), { today: writeDate(options.date, view.plan.timeZone) });
      });
      h.print(options, { ...result, record: { ...result.record, etag: undefined } }, () => `Recorded ${result.record.milestoneId}'s checkpoint of ${displayDate(result.record.date)}: ${result.record.state}.`);
    });

  read(program.command("data-to-complete").description("what the plan file leaves to complete: KPIs without a target, milestones without an owner, QIs without a cadence")).action(async (options: ReadOptions) => {
    const { todo } = await viewOf(options).then(({ view }) => ({ todo: dataToComplete(view.plan) }));
    h.print(options, todo, () =>
      [
        ...todo.kpisWithoutTarget.map((k) => `${k.id} has no target: ${k.title}`),
        ...todo.milestonesWithoutOwner.map((m) => `${m.id} (action ${m.actionId}) has no owner`),
        ...todo.qisWithoutCadence.map((q) => `${q.ref} (area ${q.area}) has no fixed cadence: ${q.title}`),
      ].join("\n") || "Nothing to complete.",
    );
  });
}

/** The date a write is recorded for: today, or an earlier date given with --date (never a later one). */
function writeDate(date: string | undefined, timeZone: string): string {
  const today = todayIn(timeZone);
  if (date === undefined) return today;
  if (date > today) throw new PlanTrackerError("invalid-input", `--date ${date} is in the future (today is ${today})`);
  return date;
}
