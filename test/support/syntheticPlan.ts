import { planSchema, type Plan } from "../../src/domain/plan";
import { sampleText } from "./testApp";

/**
 * A plan of the sample's shape (its areas, actions, leads, KPIs, risks and boards) with
 * `milestones` generated milestones spread over its actions. With `owners`, each
 * milestone belongs to one of that many generated people (owner-1 …), all overdue at
 * 2023-11-01 and not Blue, so that every owner is due a prompt; without, they all
 * belong to Amy Joynes, in all four statuses (and with `owners`, the KPIs, QIs and risks
 * have no owners, so that only milestone owners are due a prompt). With `actions`, the sample's actions are
 * repeated (with new ids in the same areas) to that many.
 */
export function syntheticPlan(options: { milestones: number; owners?: number; actions?: number; id?: string }): Plan {
  const plan = planSchema.parse(JSON.parse(sampleText()));
  const perArea = new Map<string, number>();
  const actions = Array.from({ length: options.actions ?? plan.actions.length }, (_, i) => {
    const model = plan.actions[i % plan.actions.length]!;
    const n = (perArea.get(model.area) ?? 0) + 1;
    perArea.set(model.area, n);
    return { ...model, id: `${model.area}.${n}`, milestones: [] as Plan["actions"][number]["milestones"] };
  });
  const people = [...plan.people];
  for (let i = 1; i <= (options.owners ?? 0); i++) people.push({ id: `owner-${i}`, name: `Owner ${i}`, kind: "person", email: `owner-${i}@example.org` } as Plan["people"][number]);
  for (let i = 0; i < options.milestones; i++) {
    const action = actions[i % actions.length]!;
    const owner = options.owners ? `owner-${(i % options.owners) + 1}` : "amy-joynes";
    const status = options.owners ? (["green", "amber", "red"] as const)[i % 3]! : (["blue", "green", "amber", "red"] as const)[i % 4]!;
    action.milestones.push({ id: `${action.id}.${action.milestones.length + 1}`, title: `Milestone ${i}`, owners: [owner], due: options.owners ? "2023-09-30" : "2024-03-31", ongoing: false, status });
  }
  // With generated owners the plan is about their milestone prompts: its KPIs, QIs and risks name no owner, so nobody else is due one.
  const unowned = options.owners
    ? { kpis: plan.kpis.map(({ owner: _o, ...kpi }) => ({ ...kpi, parts: kpi.parts?.map(({ owner: _p, ...part }) => part) })), qis: plan.qis.map(({ owner: _o, ...qi }) => qi), risks: plan.risks.map(({ owner: _o, ...risk }) => risk) }
    : {};
  return planSchema.parse({ ...plan, ...unowned, id: options.id ?? `synthetic-${options.milestones}`, people, actions });
}
