import type { IsoDate } from "./dates";
import type { Level } from "./plan";
import type { RagStatus } from "./status";

/**
 * What people record against the plan besides milestone statuses: KPI measurements,
 * risk reviews, QI findings and action leads' commentary. Each is stored with a
 * version (its history entry of change n has version n) and the stored row's ETag.
 */

/** Who recorded something, when, and through what (Teams, the command line, an import). */
export interface Recorded {
  at: string;
  by: string;
  byName: string;
  source: string;
  version: number;
  etag?: string;
  idempotencyKey?: string;
}

/** One measurement of a KPI (or of one of its parts) for one month. */
export interface MeasurementRecord extends Recorded {
  kpiId: string;
  /** "" for a one-figure KPI, else the part's id ("a"). */
  part: string;
  /** The month it is for ("2023-10"): at most one measurement per KPI part per month. */
  period: string;
  date: IsoDate;
  value: number;
  note?: string;
  link?: string;
}

/** The latest review of a risk; its score after mitigation and its progress replace the imported ones. */
export interface RiskReviewRecord extends Recorded {
  riskId: string;
  likelihood: Level;
  impact: Level;
  progress: string;
  mitigation: string;
  reviewedOn: IsoDate;
}

export interface QiFindingRecord extends Recorded {
  qiId: string;
  /** The period of the QI's cadence it is for ("2023-Q4"). */
  period: string;
  date: IsoDate;
  text: string;
  link?: string;
  rating?: RagStatus;
}

/** An action lead's "What has changed?" for the board, per action per month. */
export interface CommentaryRecord extends Recorded {
  actionId: string;
  period: string;
  text: string;
}

/** A plan issue (issue 23): a problem that has happened, where a risk may happen. */
export interface IssueRecord extends Recorded {
  /** "I1", "I2", … */
  id: string;
  title: string;
  owner: string;
  actions: string[];
  raised: IsoDate;
  impact: string;
  /** Open or closed as recorded; "escalated" is shown while a board escalation of it is active. */
  state: "open" | "closed";
  closedOn?: IsoDate;
  closeNote?: string;
}

/**
 * A risk or an issue sent to the board above (issue 23, "board escalation"; not the prompt
 * follow-up to action leads that "escalation" names elsewhere). One row per subject: a
 * de-escalation keeps it, inactive, and a new escalation replaces it; history keeps each step.
 */
export interface BoardEscalationRecord extends Recorded {
  subject: "risk" | "issue";
  /** The risk's or the issue's id ("R3", "I1"). */
  subjectId: string;
  fromBoard: string;
  toBoard: string;
  reason: string;
  escalatedOn: IsoDate;
  active: boolean;
  deescalatedOn?: IsoDate;
  deescalateNote?: string;
}

/** A milestone's checkpoint recorded done or missed, with a note. */
export interface CheckpointRecord extends Recorded {
  milestoneId: string;
  date: IsoDate;
  state: "done" | "missed";
  note?: string;
}

export interface PlanRecords {
  measurements: MeasurementRecord[];
  riskReviews: RiskReviewRecord[];
  findings: QiFindingRecord[];
  commentary: CommentaryRecord[];
  /** Issue 23's records; absent in views built before them (read as none). */
  issues?: IssueRecord[];
  boardEscalations?: BoardEscalationRecord[];
  checkpoints?: CheckpointRecord[];
  /** The stored version of each risk's and action's row ("risk:R1", "action:1.2"): a review or override form carries it. */
  versions?: Record<string, number>;
}

export const NO_RECORDS: PlanRecords = { measurements: [], riskReviews: [], findings: [], commentary: [] };

/** The key of a measure within a KPI: a one-figure KPI's part is "". */
export const partKey = (part: string) => part || "_";
