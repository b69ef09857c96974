import type { z } from "zod";
import type { CardReply } from "../cards/cards";
import type { IsoDate } from "../domain/dates";
import type { Args as ReadingArgs } from "../domain/recognize/recognize";
import type { RecognitionRules } from "../domain/recognize/vocabulary";
import type { PlanView } from "../domain/view";
import type { CommandContext } from "./commands/context";
import type { ServiceName, Services } from "./services";
import type { Scope, Turn } from "./turn";

/**
 * The shape of the command table (commandTable.ts): each command and each card button
 * declared once, with what invokes it, who may use it, where, and what it needs. The
 * bot, the help card, the manifest's command lists and the tests all read the table.
 */

/** What a slot holds, for a recognizer filling it from free text (issue 20) and for help. */
export type SlotKind = "actionId" | "milestoneId" | "kpiId" | "riskId" | "qiId" | "areaId" | "person" | "status" | "date" | "board" | "words" | "buttons";

/**
 * Who may use a command, checked centrally from the sender's aadObjectId before the
 * handler runs: anyone; a plan member (linked to a plan person); the owner or action lead
 * of the milestone named in `slot` (or a plan admin); a plan admin. `to` finishes the
 * refusal, "Only … can <to>."
 */
export type Access =
  | { who: "anyone" }
  | { who: "member"; to: string }
  | { who: "milestoneOwner"; slot: string; to: string }
  /** The owner of the KPI, risk or QI named in `slot`, the lead of the action named in it, or a plan admin. */
  | { who: "owner"; of: "kpi" | "risk" | "qi" | "action"; slot: string; to: string }
  | { who: "admin"; to: string };

/** One exact phrasing: a regular expression over the normalised text, and the slots it fills. */
export interface Phrasing<Args> {
  regex: RegExp;
  /** Matched against the lower-cased text (default), or the text as typed (keeps a board's or person's spelling). */
  on?: "lower" | "text";
  args?: (match: RegExpExecArray) => Args;
}

/** A Teams app manifest command list entry (the menu Teams shows); `team` is Teams' name for channels. */
export interface ManifestEntry {
  title: string;
  description: string;
  scopes: ("personal" | "team" | "groupChat")[];
}

/** What a handler receives: the plan, the date, who asks, where, and the services it declared. */
export interface HandlerContext<Needs extends ServiceName = never> extends CommandContext {
  planId: string;
  view: PlanView;
  asOf: IsoDate;
  isAdmin: boolean;
  turn: Turn;
  services: Pick<Services, Needs>;
}

export interface CommandDeclaration<Args extends object = Record<string, never>, Needs extends ServiceName = never> {
  name: string;
  /** What it answers, in help. */
  summary: string;
  /** Utterances that invoke it; the first is shown in help. A recognizer learns from these. */
  examples: string[];
  /** The arguments it takes and what each holds. */
  slots: { [K in keyof Args]-?: SlotKind };
  /** Exact phrasings, tried in table order, command after command. */
  phrasings: Phrasing<Args>[];
  access: Access;
  /** Where it may be used; elsewhere it answers `elsewhere`. */
  scopes: readonly Scope[];
  elsewhere?: string;
  /** Changes stored data: only its exact phrasing or a card button may run it, never a guess from free text. */
  writes: boolean;
  /** The answer depends only on the plan, the date and the arguments: shared between people asking at once. */
  shared?: boolean;
  /** Its entries in the app manifest's command lists, if Teams should offer it. */
  manifest?: ManifestEntry[];
  /**
   * How the recognizer reads free text as this command (issue 20): the words that point at
   * it and the slots it fills. Commands that write have none: only their exact phrasing runs them.
   */
  recognizer?: RecognitionRules;
  /** The command's arguments from a recognised reading's (default: the reading's, as they are). */
  readingArgs?: (reading: ReadingArgs) => Args;
  /**
   * Where its plan comes from when not the conversation's (planOfTurn): a slot naming it
   * ("use plan <id> here", "plan <id>"), or any plan (`plans`, which lists them all and
   * answers even when the turn has no plan yet).
   */
  plan?: { from: "slot"; slot: keyof Args & string } | { from: "any" };
  needs: readonly Needs[];
  handle(context: HandlerContext<Needs>, args: Args): CardReply | Promise<CardReply>;
}

/** What a button handler receives: the sender, the plan the button carried (checked), and the services it declared. */
export interface ButtonContext<Needs extends ServiceName = never> {
  sender: { aadObjectId?: string; name: string };
  /** The plan the button acts on: the one stamped on it, checked against the conversation and the sender. */
  planId: string;
  /** The sender is one of this plan's stored admins. */
  isAdmin: boolean;
  turn: Turn;
  services: Pick<Services, Needs>;
  /** Answers a command through the table, as typing it would (the `command` verb). */
  answer(text: string): Promise<CardReply>;
}

/**
 * A card button (an Action.Execute verb, or its Action.Submit fallback carrying `verb`).
 * Its data is untrusted: checked against `schema` (no missing and no extra fields) before
 * the handler runs.
 */
export interface ButtonDeclaration<Data = unknown, Needs extends ServiceName = never> {
  verb: string;
  summary: string;
  schema: z.ZodType<Data>;
  /** Data such a button carries (its card's inputs aside), for help, tests and a recognizer's "Did you mean" buttons. */
  example: Record<string, unknown>;
  /** Who may press it; checked by the handler against the milestone it names (openCardAction). */
  access: Access;
  writes: boolean;
  /** Data that fails the schema: a 400 with no answer, or this card. */
  invalid: "bad-request" | (() => CardReply);
  /**
   * The plan the button acts on is named in its data, and may not be stored yet (Confirm
   * import of a new plan): the dispatcher takes it from there instead of the conversation,
   * still refuses a stamp that differs, and the handler authorises against that plan.
   */
  planIn?: (data: Data) => string;
  needs: readonly Needs[];
  handle(context: ButtonContext<Needs>, data: Data): Promise<CardReply>;
}

// Type-erased forms, for the table and the dispatcher.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = CommandDeclaration<any, ServiceName>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyButton = ButtonDeclaration<any, ServiceName>;

/** Declares a command, inferring its arguments and services from the declaration. */
export const command = <Args extends object = Record<string, never>, Needs extends ServiceName = never>(declaration: CommandDeclaration<Args, Needs>): AnyCommand =>
  declaration as unknown as AnyCommand;

export const button = <Data, Needs extends ServiceName = never>(declaration: ButtonDeclaration<Data, Needs>): AnyButton => declaration as unknown as AnyButton;
