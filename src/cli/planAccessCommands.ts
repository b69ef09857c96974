import type { Command } from "commander";
import { PlanTrackerError } from "../errors";
import type { App } from "../index";
import type { CliHelpers } from "./recordCommands";

/** An Azure AD object id, or a Teams conversation id, as typed: checked before it reaches storage. */
const AAD_OBJECT_ID = /^[A-Za-z0-9-]{1,128}$/;
const CONVERSATION_ID = /^[^\s/\\#?]{1,512}$/;

async function storedPlan(app: App, planId: string): Promise<string> {
  if (!(await app.plans.listPlans()).some((p) => p.id === planId)) throw new PlanTrackerError("not-found", `plan ${planId} is not stored; import it first`);
  return planId;
}

/**
 * Plan access from the command line, for scripted set-up (issue 18): a plan's admins, and
 * which plan a Teams channel or group chat serves. The same stored rows, with the same
 * history and checks, as "admin add @user" and "use plan <id> here" in Teams.
 */
export function addPlanAccessCommands(program: Command, h: CliHelpers): void {
  program
    .command("admins [change] [aadObjectId]")
    .description("a plan's admins (stored, seeded from PLAN_ADMIN_IDS); `add <aadObjectId>` or `remove <aadObjectId>` changes them, with history (the last admin is never removed)")
    .requiredOption("--plan <id>", "the plan")
    .option("--by <name>", "who is making the change (default: your user name)")
    .option("--json", "print the admins as JSON")
    .action(async (change: string | undefined, aadObjectId: string | undefined, options: { plan: string; by?: string; json?: boolean }) => {
      if (change !== undefined && change !== "add" && change !== "remove") throw new PlanTrackerError("invalid-input", `"${change}" is not add or remove`);
      if (change !== undefined && (aadObjectId === undefined || !AAD_OBJECT_ID.test(aadObjectId))) throw new PlanTrackerError("invalid-input", `admins ${change} needs the user's Azure AD object id`);
      const result = await h.withApp(async (app) => {
        const planId = await storedPlan(app, options.plan);
        const by = h.cliActor(options.by).id;
        const outcome = change === "add" ? await app.admins.add(planId, aadObjectId!, by) : change === "remove" ? await app.admins.remove(planId, aadObjectId!, by) : undefined;
        return { planId, outcome, admins: await app.admins.list(planId) };
      });
      h.print(options, result, () => [...(result.outcome ? [`${aadObjectId}: ${result.outcome}.`] : []), `Admins of ${result.planId}:`, ...result.admins.map((id) => `  ${id}`)].join("\n"));
    });

  program
    .command("bind <conversationId>")
    .description("binds a Teams channel or group chat (its conversation id, 19:…@thread.tacv2) to a plan, as `use plan <id> here` does in Teams")
    .requiredOption("--plan <id>", "the plan")
    .option("--by <name>", "who is binding it (default: your user name)")
    .action(async (conversationId: string, options: { plan: string; by?: string }) => {
      // A channel message's id carries its thread (";messageid=…"): the binding is the channel's.
      const channel = conversationId.split(";messageid=")[0]!;
      if (!CONVERSATION_ID.test(channel)) throw new PlanTrackerError("invalid-input", `"${conversationId}" is not a Teams conversation id`);
      const { previous } = await h.withApp(async (app) => app.bindings.bind(channel, await storedPlan(app, options.plan), h.cliActor(options.by).id));
      process.stdout.write(`${channel} now serves plan ${options.plan}${previous && previous !== options.plan ? ` (it served ${previous})` : ""}.\n`);
    });
}
