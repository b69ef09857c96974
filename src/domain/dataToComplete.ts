import { kpiMeasures, allMilestones, type Plan } from "./plan";

/**
 * What the plan file leaves to be completed (issue 23): KPIs with no target at any
 * checkpoint, milestones with no owner, quality indicators with no fixed cadence
 * ("as-available"). A digest lists them so that an admin completes them. Pure.
 */
export interface DataToComplete {
  kpisWithoutTarget: { id: string; title: string }[];
  milestonesWithoutOwner: { id: string; actionId: string; title: string }[];
  qisWithoutCadence: { id: string; ref: string; area: string; title: string }[];
}

export function dataToComplete(plan: Plan): DataToComplete {
  return {
    kpisWithoutTarget: plan.kpis
      .filter((kpi) => kpiMeasures(kpi).every((m) => m.unit !== "milestone" && !m.targets.m3 && !m.targets.m6 && !m.targets.m12))
      .map((kpi) => ({ id: kpi.id, title: kpi.title })),
    milestonesWithoutOwner: allMilestones(plan)
      .filter(({ milestone }) => milestone.owners.length === 0)
      .map(({ action, milestone }) => ({ id: milestone.id, actionId: action.id, title: milestone.title })),
    qisWithoutCadence: plan.qis.filter((qi) => qi.cadence === "as-available").map((qi) => ({ id: qi.id, ref: qi.ref, area: qi.area, title: qi.title })),
  };
}
