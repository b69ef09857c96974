import type { IsoDate } from "../domain/dates";
import { digestThisCycle } from "../domain/boardCalendar";
import { duePrompts, type PromptRecord, type Reach } from "../domain/duePrompts";
import { dueItems } from "../domain/dueItems";
import { NO_RECORDS } from "../domain/records";
import { findPerson } from "../domain/view";
import type { ConversationRepository } from "../storage/conversationRepository";
import type { LinkRepository } from "../storage/linkRepository";
import type { PlanService } from "./planService";

/**
 * Gathers what the due-prompt computation needs from storage — the plan, its
 * history, links and installations — and asks it who is due a prompt.
 */
export class PromptPlanner {
  constructor(
    private readonly plans: PlanService,
    private readonly links: LinkRepository,
    private readonly conversations: ConversationRepository,
  ) {}

  /**
   * `withItems`: also the KPIs, risks, QIs and commentary each person is due to be asked
   * for, carried in their one message.
   */
  async plan(planId: string, asOf?: IsoDate, records: PromptRecord[] = [], options: { withItems?: boolean } = {}) {
    const view = await this.plans.view(planId);
    const [history, links] = await Promise.all([this.plans.milestoneHistory(planId), this.links.list(planId)]);
    const byPerson = new Map(links.map((link) => [link.personId, link]));
    // One query per tenant (usually one), not one per linked person.
    const tenants = [...new Set(links.map((link) => link.tenantId ?? "no-tenant"))];
    const installedByTenant = new Map(await Promise.all(tenants.map(async (tenant) => [tenant, await this.conversations.installedUsers(tenant)] as const)));
    const installed = new Map(links.map((link) => [link.personId, installedByTenant.get(link.tenantId ?? "no-tenant")?.has(link.aadObjectId) === true]));
    // Someone without a personal chat can still be reached through a team of theirs where Plan Tracker is installed: the messenger opens the chat.
    const tenantsWithTeams = new Set((await Promise.all(tenants.map(async (tenant) => ((await this.conversations.teamInstalls(tenant)).length > 0 ? [tenant] : [])))).flat());
    const reach = (personId: string): Reach => {
      const person = findPerson(view.plan, personId);
      if (person && person.kind !== "person") return { reachable: false, why: `${person.name} is ${person.kind === "role" ? "a role" : "an organisation"}, not a Teams user` };
      if (!byPerson.has(personId)) return { reachable: false, why: "not linked to a Teams user" };
      if (!installed.get(personId) && !tenantsWithTeams.has(byPerson.get(personId)!.tenantId ?? "no-tenant")) {
        return { reachable: false, why: "linked, but Plan Tracker is not installed in their personal chat or any team" };
      }
      return { reachable: true };
    };
    const day = asOf ?? new Date().toISOString().slice(0, 10);
    const updates = history.map((h) => ({ milestoneId: h.subjectId, at: h.at, source: h.source }));
    const nextDigest = digestThisCycle(view.plan, day);
    const items = options.withItems ? dueItems({ view, records: view.records ?? NO_RECORDS, asOf: day, digestThisCycle: nextDigest }) : undefined;
    return {
      asOf: day,
      updates,
      ...duePrompts({
        view,
        asOf: day,
        updates,
        nextDigest,
        records,
        reach,
        items,
      }),
    };
  }
}
