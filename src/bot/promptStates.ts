import { SharedReads } from "../app/sharedReads";
import { cycleOf } from "../domain/duePrompts";
import { memoOn } from "../domain/memo";
import { promptStates } from "../domain/promptState";
import type { PlanView } from "../domain/view";
import type { PromptRecords, PromptStates } from "./services";

type StoredPrompts = Awaited<ReturnType<PromptRecords["listCycle"]>>;

/**
 * Each milestone's prompt state this cycle, for `overdue`. The cycle's records are read
 * once for everyone asking within a couple of seconds, and the states worked out once per
 * (records, plan view): the same map, so the `overdue` answer built from it is shared too.
 */
export class SharedPromptStates implements PromptStates {
  private readonly promptReads = new SharedReads<StoredPrompts>(2000);

  constructor(private readonly promptRecords: PromptRecords) {}

  async of(planId: string, view: PlanView, asOf: string): Promise<ReadonlyMap<string, string>> {
    const cycle = cycleOf(asOf);
    const prompts = await this.promptReads.get(`${planId}|${cycle}`, () => this.promptRecords.listCycle(planId, cycle));
    const byView = memoOn(prompts, "states", () => new WeakMap<PlanView, ReadonlyMap<string, string>>());
    let states = byView.get(view);
    if (!states) {
      states = promptStates(prompts, (id) => view.milestones.get(id)?.updatedAt);
      byView.set(view, states);
    }
    return states;
  }
}
