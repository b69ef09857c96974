import type { IsoDate } from "../../domain/dates";
import type { PlanView } from "../../domain/view";

/** Who is asking, as Teams identifies them; authorisation uses aadObjectId, never the name. */
export interface TurnUser {
  aadObjectId?: string;
  name: string;
}

/** Everything a command needs to answer; commands are pure functions of it. */
export interface CommandContext {
  view: PlanView;
  asOf: IsoDate;
  user: TurnUser;
  /** The plan person this Teams user is linked to, if any. */
  personId?: string;
  /** Each milestone's prompt state this cycle ("asked 1 Nov 2023, no reply"), where there is one. */
  promptStates?: ReadonlyMap<string, string>;
}
