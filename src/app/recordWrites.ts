import { randomUUID } from "node:crypto";
import { todayIn, type IsoDate } from "../domain/dates";
import { describeProblems, type Checked } from "../domain/recordRules";
import type { PlanView } from "../domain/view";
import { PlanTrackerError } from "../errors";
import type { PlanService } from "./planService";

/**
 * What every recorded write shares (RecordService and GovernanceService alike): the options a
 * card or a command gives it, the plan as it stands with today's date and the idempotency key,
 * and the refusal of input the domain's rules did not accept.
 */
export interface WriteOptions {
  /** Carried by a card, so that a double click or a retried invoke is recorded once; a fresh one otherwise. */
  idempotencyKey?: string;
  /** The version the person saw: if someone recorded since, nothing is written. */
  expectedVersion?: number;
  /** Today in the plan's time zone (a fixed date in tests and with PLAN_TRACKER_TODAY). */
  today?: IsoDate;
  /** For a measurement, whose month is known only once it is checked: the version its form saw of that part and month. */
  expectedVersionOf?: (part: string, period: string) => number;
}

/** The plan as it stands, today in its time zone, and the write's idempotency key. */
export async function writeContext(plans: PlanService, planId: string, options: WriteOptions): Promise<{ view: PlanView; today: IsoDate; key: string }> {
  const view = await plans.view(planId);
  return { view, today: options.today ?? todayIn(view.plan.timeZone), key: options.idempotencyKey ?? randomUUID() };
}

/** Refuses bad input with every problem ("value: 140% is not a percentage between 0 and 100"); nothing is written. */
export function accepted<T>(checked: Checked<T>, what: string): T {
  if (checked.ok) return checked.value;
  throw new PlanTrackerError("invalid-input", `${what} was not recorded`, describeProblems(checked.problems));
}
