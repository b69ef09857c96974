import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { PlanTrackerError } from "../errors";
import type { BackupCliHelpers } from "./backupCommands";

/** `reassign` (a leaver's items to someone else) and `export-plan` (the plan file as the app holds it now). */
export function addPlanFileCommands(program: Command, h: BackupCliHelpers): void {
  program
    .command("reassign <from> <to>")
    .description("move everything one plan person owns or leads (milestones, actions, KPIs, QIs, risks) to another; a later import of an older plan file does not undo it")
    .option("--plan <id>", "the plan")
    .requiredOption("--reason <text>", "why, for each moved item's history")
    .option("--yes", "move them (without it, only list what would move)")
    .option("--by <name>", "who is doing it (default: your user name)")
    .option("--json", "print the report as JSON")
    .action(async (fromId: string, toId: string, options: { plan?: string; reason: string; yes?: boolean; by?: string; json?: boolean }) => {
      const report = await h.withApp(async (app) => app.reassign(await app.plans.resolvePlanId(options.plan), fromId, toId, { ...h.cliActor(options.by), source: "cli" }, options.reason, { preview: !options.yes }));
      h.print(options, report, () => {
        const head = report.moves.length === 0
          ? `${report.from.name} owns and leads nothing in plan ${report.planId}; nothing to move.`
          : report.done
            ? `Moved ${report.moves.length} item(s) in plan ${report.planId} from ${report.from.name} to ${report.to.name}:`
            : `Would move ${report.moves.length} item(s) in plan ${report.planId} from ${report.from.name} to ${report.to.name} (add --yes to move them):`;
        return [head, ...report.moves.map((m) => `  ${m}`)].join("\n");
      });
    });

  program
    .command("export-plan")
    .description("write the plan file as the app holds it now, changes made in the app included (it imports back with no changes)")
    .option("--plan <id>", "the plan")
    .requiredOption("--out <file>", "the JSON file to write")
    .action(async (options: { plan?: string; out: string }) => {
      const plan = await h.withApp(async (app) => {
        const view = await app.plans.view(await app.plans.resolvePlanId(options.plan), { fresh: true });
        const definition = view.definition ?? view.plan;
        // The recorded statuses, so the file says where each milestone stands (an import keeps the recorded ones anyway).
        return { ...definition, actions: definition.actions.map((action) => ({ ...action, milestones: action.milestones.map((m) => ({ ...m, status: view.milestones.get(m.id)?.status ?? m.status })) })) };
      });
      await writeFile(options.out, `${JSON.stringify(plan, null, 2)}\n`).catch((error: NodeJS.ErrnoException) => {
        throw new PlanTrackerError("invalid-input", `cannot write ${options.out}: ${error.message}`);
      });
      process.stdout.write(`Wrote plan ${plan.id} to ${options.out}.\n`);
    });
}
