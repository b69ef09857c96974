import type { DigestService } from "../app/digestService";
import type { PlanService } from "../app/planService";
import type { ReassignReport } from "../app/reassignPerson";
import type { Actor } from "../storage/planDiff";
import type { RecordService } from "../app/recordService";
import type { ReportService } from "../app/reportService";
import type { GovernanceService } from "../app/governanceService";
import type { Messenger } from "../app/promptCycle";
import type { PlanView } from "../domain/view";
import type { FileDownloader } from "../teams/fileDownload";
import type { AdminRepository } from "../storage/adminRepository";
import type { BindingRepository } from "../storage/bindingRepository";
import type { ConversationRepository, StoredConversation } from "../storage/conversationRepository";
import type { BoardChannel, DigestRepository } from "../storage/digestRepository";
import type { LinkConflict, LinkRepository, PersonLink } from "../storage/linkRepository";
import type { PromptRepository } from "../storage/promptRepository";
import type { MembershipRepository } from "../storage/membershipRepository";
import type { ForgetConditions, ForgetReport } from "../app/forgetPerson";

/**
 * What command and button handlers may use, as interfaces: the one file in src/bot/ that
 * names storage (types only). A handler declares the services it needs in the command
 * table and receives only those; the repositories behind them are built in src/index.ts.
 */

export type { BoardChannel, LinkConflict, PersonLink, StoredConversation };
export type PersonLinks = Pick<LinkRepository, "personFor" | "linkOf" | "list" | "link" | "linkIfFree" | "recordConflict" | "conflicts">;
export type Conversations = Pick<ConversationRepository, "record" | "get" | "installedUsers" | "personalChats" | "teamInstalls">;
export type PromptRecords = Pick<PromptRepository, "listCycle" | "listSince">;
/** Who Teams said was added to or removed from the teams the bot is in (src/storage/membershipRepository.ts). */
export type Memberships = Pick<MembershipRepository, "record" | "list">;
export type DigestRecords = Pick<DigestRepository, "channels" | "registerChannel" | "list">;
/** KPI measurements, risk reviews, QI findings, commentary, overrides from cards, and history. */
export type Records = Pick<RecordService, "recordMeasurement" | "reviewRisk" | "recordFinding" | "recordCommentary" | "overrideAction" | "history">;
export type Governance = Pick<GovernanceService, "raiseIssue" | "changeIssue" | "escalate" | "deescalate" | "recordCheckpoint" | "milestoneFromRecommendation">;
/** Where a reply to a conversation goes, as stored with a board's channel. */
export type ConversationAddress = BoardChannel["reference"];

/** Each plan's admins, stored (seeded from PLAN_ADMIN_IDS), with history. */
export type PlanAdmins = Pick<AdminRepository, "list" | "isAdmin" | "add" | "remove" | "seeded">;
/** Which plan a channel or group chat serves, and which plan a person in several chose. */
export type PlanBindings = Pick<BindingRepository, "planOf" | "choiceOf" | "bind" | "choose">;

/** A Teams user as the Teams directory describes them. */
export interface TeamsMember {
  aadObjectId?: string;
  name: string;
  email?: string;
  userPrincipalName?: string;
}

/** Looks people up in Teams (the conversation's roster); the SDK call sits at the edge (teamsTurn.ts). */
export interface TeamsDirectory {
  member(teamsUserId: string): Promise<TeamsMember>;
  /** Every member of the conversation's team (or chat), page by page (TeamsInfo.getPagedMembers). */
  members(): Promise<TeamsMember[]>;
}

/** Each milestone's prompt state this cycle ("asked 1 Nov 2023, no reply"), shared between people asking at once. */
export interface PromptStates {
  of(planId: string, view: PlanView, asOf: string): Promise<ReadonlyMap<string, string>>;
}

export interface Services {
  plans: PlanService;
  /** `reassign`: what one plan person owns or leads moves to another, as in-app changes (src/app/reassignPerson.ts). */
  reassign(planId: string, fromId: string, toId: string, admin: Actor, reason: string, options?: { preview?: boolean }): Promise<ReassignReport>;
  /** `forget <person>`: their Teams identity removed from every table, history pseudonymised (src/app/forgetPerson.ts). */
  forget(planId: string, personId: string, admin: Actor, conditions?: ForgetConditions): Promise<ForgetReport>;
  links: PersonLinks;
  conversations: Conversations;
  memberships: Memberships;
  promptRecords: PromptRecords;
  promptStates: PromptStates;
  digests: DigestService;
  digestRecords: DigestRecords;
  records: Records;
  /** The board pack (Word, Excel). */
  reports: Pick<ReportService, "pack" | "render" | "fileName">;
  /** The issues log, board escalations and milestone checkpoints (issue 23). */
  governance: Governance;
  /** Proactive messages (a lead told that a milestone turned Red, "Not mine"). */
  messenger?: Messenger;
  /** The Teams directory of the conversation the turn came from. */
  teams: TeamsDirectory;
  /** Each plan's admins, as stored: who is an admin is read from here, per plan, every turn. */
  admins: PlanAdmins;
  bindings: PlanBindings;
  /** Downloads a file Teams shared with the bot, through the file URL policy and the size limit (src/teams/). */
  files: FileDownloader;
  /**
   * Admins of every plan whatever is stored: only the command line's own sender (`plan-tracker
   * ask`, run by whoever holds the storage key). The bot passes none.
   */
  operatorIds: string[];
  /** ALLOWED_TENANT_IDS: with the plan's tenantId, the tenants whose users may be linked by email. */
  allowedTenantIds: string[];
  /** What "today" is; a test clock outside production. */
  now: () => Date;
  log: (message: string) => void;
}

export type ServiceName = keyof Services;
