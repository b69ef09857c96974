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

export interface PlanRecords {
  measurements: MeasurementRecord[];
  riskReviews: RiskReviewRecord[];
  findings: QiFindingRecord[];
  commentary: CommentaryRecord[];
  /** The stored version of each risk's and action's row ("risk:R1", "action:1.2"): a review or override form carries it. */
  versions?: Record<string, number>;
}

export const NO_RECORDS: PlanRecords = { measurements: [], riskReviews: [], findings: [], commentary: [] };

/** The key of a measure within a KPI: a one-figure KPI's part is "". */
export const partKey = (part: string) => part || "_";
