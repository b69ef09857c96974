import { CloudAdapter, type Activity, type InvokeResponse, type TurnContext } from "botbuilder";
import { validateAndFixActivity } from "botbuilder/lib/activityValidator";

/**
 * CloudAdapter with the HTTP part left to Plan Tracker's edge (src/server.ts): the edge
 * reads and checks the body itself (JSON only, bounded) and decides every response
 * body, so no library error text reaches a caller. This only runs the turn.
 */
export class PlanTrackerAdapter extends CloudAdapter {
  handleActivity(authHeader: string, activity: Record<string, unknown>, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, validateAndFixActivity(activity as unknown as Activity), logic);
  }
}
