import { messageCard } from "../cards/cards";
import { milestoneUpdateCard } from "../cards/milestoneUpdateCard";
import { cycleOf } from "../domain/duePrompts";
import { memoOn } from "../domain/memo";
import { commandButtonSchema, milestoneButtonSchema, refreshButtonSchema } from "./buttonData";
import { notMine } from "./cardActions/notMine";
import { confirmImport, confirmImportSchema } from "./fileImport";
import { refreshMilestones } from "./cardActions/refreshMilestones";
import { saveMilestone } from "./cardActions/saveMilestone";
import { snoozeMilestone } from "./cardActions/snoozeMilestone";
import { button, command, type AnyButton, type AnyCommand } from "./commandTypes";
import { actionCommand } from "./commands/action";
import { boardsCommand } from "./commands/boards";
import { digestCommand, digestHereCommand } from "./commands/digest";
import { reportCommand } from "./commands/report";
import { findCommand } from "./commands/find";
import { helpCommand } from "./commands/help";
import { kpiCommand, kpisCommand } from "./commands/kpis";
import { link } from "./commands/link";
import { mineCommand } from "./commands/mine";
import { overdueCommand } from "./commands/overdue";
import { goneOf, peopleCommand } from "./commands/people";
import { adminsCommand, changeAdminCommand } from "./commands/admins";
import { linkByEmailCommand } from "./commands/linkByEmail";
import { choosePlanCommand, plansCommand, usePlanHereCommand } from "./commands/plans";
import { risksCommand } from "./commands/risks";
import { statusCommand } from "./commands/status";
import { actionWithOverride, areaCommand, commentaryCommand, historyCommand, kpiWithForm, qisCommand, qiWithForm, recordKpiTyped, riskWithForm } from "./commands/records";
import {
  commentaryButtonSchema,
  findingButtonSchema,
  measurementButtonSchema,
  notRecorded,
  overrideActionButton,
  overrideButtonSchema,
  RECORD_BUTTON_NEEDS,
  recordFindingButton,
  recordMeasurementButton,
  reviewButtonSchema,
  reviewRiskButton,
  saveCommentaryButton,
} from "./cardActions/recordButtons";
import { mayLeadAction, mayRecordFinding, mayRecordKpi, mayReviewRisk } from "../domain/recordPermissions";
import type { Button } from "../cards/cards";
import type { Period } from "../domain/recognize/entities";
import type { RagStatus } from "../domain/status";
import { qiCommand } from "./commands/area";
import { changesCommand } from "./commands/changes";
import { clarifyCommand } from "./commands/clarify";
import { thanksCommand } from "./commands/courtesy";
import { filterCommand, type FilterArgs } from "./commands/filter";
import { milestoneCommand } from "./commands/milestone";
import { overdueScopedCommand, personCommand } from "./commands/person";
import { riskCommand } from "./commands/risk";
import { confirmReassign, confirmReassignSchema, previewReassign, previewReassignSchema, reassignCommand } from "./commands/reassign";
import { GOVERNANCE_BUTTONS, GOVERNANCE_COMMANDS } from "./governanceCommandTable";
import { confirmForget, confirmForgetSchema, forgetCommand } from "./commands/forget";

const EVERYWHERE = ["personal", "channel", "groupChat"] as const;
const ALL_LISTS = ["personal", "team", "groupChat"] as const;
const PLAN_NEEDS = ["plans", "links", "admins", "bindings", "operatorIds"] as const;
type PlanNeeds = (typeof PLAN_NEEDS)[number];
const IMPORT_NEEDS = ["plans", "admins", "files", "bindings", "links", "operatorIds"] as const;
const MILESTONE_BUTTON_NEEDS = ["plans", "links", "now", "messenger", "log"] as const;

/**
 * Every command Plan Tracker understands, declared once. Typed text is matched against
 * the phrasings in this order (the first match wins); text that matches none is a search.
 * Help and the app manifest's command lists are generated from this table, in this order.
 */
export const COMMANDS: readonly AnyCommand[] = [
  command({
    name: "status",
    summary: "the progress table: each action's Blue/Green/Amber/Red milestones and overall status",
    examples: ["status", "progress", "summary", "plan"],
    slots: {},
    phrasings: [{ regex: /^(status|progress|summary|plan)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    manifest: [{ title: "status", description: "The progress table: each action's Blue/Green/Amber/Red milestones", scopes: [...ALL_LISTS] }],
    recognizer: { keywords: { status: 3, how: 0.5, ask: 1 }, slots: { status: 0 } },
    needs: [],
    handle: (context) => statusCommand(context),
  }),
  command<{ actionId: string }>({
    name: "action",
    summary: 'one action: its lead, milestones, owners, due dates and latest notes (also "1.2" or "how is 1.2 doing?")',
    examples: ["status 1.2", "action 1.2", "1.2", "how is 1.2 doing?", "how's 2.4 going", "show 1.6"],
    slots: { actionId: "actionId" },
    phrasings: [{ regex: /^(?:status |action |how is |how's |show )?(\d{1,2}\.\d{1,2})(?: doing| going)?$/, args: (m) => ({ actionId: m[1]! }) }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    manifest: [{ title: "status 1.2", description: "One action in detail: lead, milestones, owners, notes", scopes: [...ALL_LISTS] }],
    recognizer: { keywords: { status: 1, action: 1, how: 0.5, own: 0.5, who: 0.5, ask: 2, changed: 0 }, slots: { action: 3, status: 0 }, required: ["action"] },
    needs: [],
    // Its lead and plan admins also get the override form; everyone else the answer shared per plan view.
    handle: (context, { actionId }) =>
      mayLeadAction(context.view.plan, actionId, context) ? actionWithOverride(context, actionId) : memoOn(context.view, `answer|${context.asOf}|action|${actionId}`, () => actionCommand(context, actionId)),
  }),
  command<{ personId?: string; actionId?: string; areaId?: string }, "promptStates">({
    name: "overdue",
    summary: "overdue milestones, grouped by owner",
    examples: ["overdue", "late", "what's overdue", "what is overdue", "what has Will Barnwell got overdue?", "overdue in 1.4"],
    slots: { personId: "person", actionId: "actionId", areaId: "areaId" },
    phrasings: [{ regex: /^(overdue|late|what is overdue|what's overdue)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    manifest: [{ title: "overdue", description: "Overdue milestones, grouped by owner", scopes: [...ALL_LISTS] }],
    recognizer: { keywords: { overdue: 3, due: 2 }, slots: { person: 2, action: 2, area: 2, period: 0 } },
    needs: ["promptStates"],
    // Depends on the cycle's prompt states too: shared per states map (itself shared per plan view and records).
    handle: async (context, scope) => {
      if (scope.personId || scope.actionId || scope.areaId) return overdueScopedCommand(context, scope);
      const promptStates = await context.services.promptStates.of(context.planId, context.view, context.asOf);
      return memoOn(promptStates, `answer|overdue|${context.asOf}`, () => overdueCommand({ ...context, promptStates }));
    },
  }),
  command({
    name: "mine",
    summary: "the actions you lead and the milestones you own",
    examples: ["mine", "my actions", "my milestones", "my work"],
    slots: {},
    phrasings: [{ regex: /^(mine|my actions|my milestones|my work)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    manifest: [{ title: "mine", description: "The actions you lead and the milestones you own", scopes: ["personal"] }],
    recognizer: { keywords: { my: 3, overdue: 0 }, slots: { status: 0 } },
    needs: [],
    handle: (context) => mineCommand(context),
  }),
  command({
    name: "kpis",
    summary: "KPIs against their current target, on or off track, and their trend",
    examples: ["kpis", "kpi", "kpi status", "indicators"],
    slots: {},
    phrasings: [{ regex: /^(kpis|kpi|kpi status|indicators)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    manifest: [{ title: "kpis", description: "KPIs against their current target", scopes: [...ALL_LISTS] }],
    recognizer: { keywords: { kpi: 3 }, slots: { status: 1 } },
    needs: [],
    handle: (context) => kpisCommand(context),
  }),
  command<{ kpiId: string; part?: string; value: string; month: string; year: string }, "records" | "plans">({
    name: "recordKpi",
    summary: 'records a KPI measurement, typed exactly so: "record kpi 7 117 for October 2023", "record kpi 5a 14 for October 2023"',
    examples: ["record kpi 7 117 for October 2023", "record kpi 5a 14 for October 2023"],
    slots: { kpiId: "kpiId", part: "words", value: "words", month: "date", year: "date" },
    // The value is any word: one that is not a number comes back on the KPI's form, refused.
    phrasings: [{ regex: /^record kpi\s*(\d{1,2})\s*([a-z])?\s+(\S+)\s+for\s+([a-z]+)\s+(\d{4})$/, args: (m) => ({ kpiId: `KPI ${m[1]}`, ...(m[2] ? { part: m[2] } : {}), value: m[3]!, month: m[4]!, year: m[5]! }) }],
    access: { who: "owner", of: "kpi", slot: "kpiId", to: "record its measurements" },
    scopes: EVERYWHERE,
    writes: true,
    needs: ["records", "plans"],
    handle: (context, args) => recordKpiTyped(context, args),
  }),
  command<{ kpiId: string }>({
    name: "kpi",
    summary: "one KPI with its measurements",
    examples: ["kpi 7", "kpi7", "progress on KPI 3", "kpi 5 part a"],
    slots: { kpiId: "kpiId" },
    phrasings: [{ regex: /^kpi\s*(\d{1,2})$/, args: (m) => ({ kpiId: `KPI ${m[1]}` }) }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    manifest: [{ title: "kpi 7", description: "One KPI with all its measurements", scopes: [...ALL_LISTS] }],
    recognizer: { keywords: { kpi: 1, status: 0.5, how: 0.5, ask: 2 }, slots: { kpi: 3, status: 0 }, required: ["kpi"] },
    needs: [],
    // A two-part KPI is shown whole: "kpi 5a" is KPI 5, part a beside part b.
    readingArgs: (reading) => ({ kpiId: (reading.kpiId ?? "").replace(/[ab]$/, "") }),
    // Its owner and plan admins also get the Record a measurement form; everyone else the answer shared per plan view.
    handle: (context, { kpiId }) =>
      mayRecordKpi(context.view.plan, kpiId, context) ? kpiWithForm(context, kpiId) : memoOn(context.view, `answer|${context.asOf}|kpi|${kpiId}`, () => kpiCommand(context, kpiId)),
  }),
  command({
    name: "risks",
    summary: "the risk register, highest score first, and the risks due for review",
    examples: ["risks", "risk register", "risk"],
    slots: {},
    phrasings: [{ regex: /^(risks|risk register|risk)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    manifest: [{ title: "risks", description: "The risk register and the risks due for review", scopes: [...ALL_LISTS] }],
    recognizer: { keywords: { risk: 3 }, slots: { status: 1, person: 1 } },
    needs: [],
    handle: (context) => risksCommand(context),
  }),
  command({
    name: "qis",
    summary: "each quality indicator with its cadence, its latest finding and whether one is due this period",
    examples: ["qis", "quality indicators"],
    slots: {},
    phrasings: [{ regex: /^(qis|quality indicators)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    needs: [],
    handle: (context) => qisCommand(context),
  }),
  command<{ target: string }, "records">({
    name: "history",
    summary: 'recorded changes: who, when, what, and from where (Teams, command line, import): "history 1.2.4", "history 1.2", "history kpi 7", "history R3"',
    examples: ["history 1.2.4", "history kpi 7", "history R3", "history 1.2"],
    slots: { target: "words" },
    phrasings: [{ regex: /^history\s+(.+)$/, args: (m) => ({ target: m[1]! }) }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    needs: ["records"],
    handle: (context, { target }) => historyCommand(context, target),
  }),
  command({
    name: "commentary",
    summary: '"What has changed?" for the board: one text box per action you lead',
    examples: ["commentary", "what has changed"],
    slots: {},
    phrasings: [{ regex: /^(commentary|what has changed|what's changed)$/ }],
    access: { who: "member", to: "write commentary on the actions they lead" },
    scopes: EVERYWHERE,
    // Opens a card; its Save writes.
    writes: false,
    needs: [],
    handle: (context) => commentaryCommand(context),
  }),
  command<Record<string, never>, "digestRecords">({
    name: "boards",
    summary: "each board's next meeting, when its digest goes out and to which channel",
    examples: ["boards", "board", "meetings", "board meetings"],
    slots: {},
    phrasings: [{ regex: /^(boards?|meetings|board meetings)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    recognizer: { keywords: { board: 3, meet: 3, next: 1, when: 1 }, slots: { board: 1.5 } },
    needs: ["digestRecords"],
    handle: async (context) => boardsCommand(context, await context.services.digestRecords.channels(context.planId)),
  }),
  // Before `digest`, whose phrasing would read "here" as a board.
  command<{ board: string }, "digests" | "digestRecords">({
    name: "digestHere",
    summary: "makes this channel or group chat the board's digest channel",
    examples: ["digest here for send-partnership-board"],
    slots: { board: "board" },
    phrasings: [{ regex: /^digest here(?:\s+for\s+(.+))?$/i, on: "text", args: (m) => ({ board: m[1] ?? "" }) }],
    access: { who: "admin", to: "choose where a board's digest is posted" },
    scopes: ["channel", "groupChat"],
    elsewhere: "Type this in the board's channel (with @Plan Tracker), so that the digest is posted there.",
    writes: true,
    needs: ["digests", "digestRecords"],
    handle: (context, { board }) => digestHereCommand(context.services, context, context.planId, board, context.turn, context.turn.conversation.tenantId ?? "no-tenant"),
  }),
  command<{ board?: string }, "digests" | "digestRecords">({
    name: "digest",
    summary: 'the board digest as it would be posted now ("digest children-and-families-board" for another board)',
    examples: ["digest", "digest children-and-families-board", "digest for send-partnership-board"],
    slots: { board: "board" },
    // A board by its id ("digest children-and-families-board"); a board named in words is the recognizer's to find.
    phrasings: [{ regex: /^digest(?:\s+(?:for\s+)?([a-z0-9]+(?:-[a-z0-9]+)+))?$/i, on: "text", args: (m) => (m[1] ? { board: m[1] } : {}) }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    recognizer: { keywords: { digest: 4.5 }, slots: { board: 1.5 } },
    needs: ["digests", "digestRecords"],
    handle: (context, { board }) => digestCommand(context.services, context, context.planId, board, context.turn.conversation.id),
  }),
  command<{ board?: string }, "reports">({
    name: "report",
    summary: 'the board pack as a Word file, sent to you in a personal chat ("report children-and-families-board" for another board)',
    examples: ["report", "report send-partnership-board", "report for children-and-families-board"],
    slots: { board: "board" },
    phrasings: [{ regex: /^report(?:\s+(?:for\s+)?([a-z0-9]+(?:-[a-z0-9]+)+))?$/i, on: "text", args: (m) => (m[1] ? { board: m[1].toLowerCase() } : {}) }],
    // The pack holds the whole plan's progress, names and risks: for the people in the plan and its admins, as the plan itself is.
    access: { who: "member", to: "have the board pack" },
    // In a channel it answers with a card pointing to a personal chat (the handler's), never a file.
    scopes: EVERYWHERE,
    writes: false,
    needs: ["reports"],
    handle: (context, { board }) => reportCommand(context.services, context, context.planId, board, context.turn),
  }),
  command<{ milestoneId: string; status?: RagStatus }>({
    name: "update",
    summary: "the milestone's update card: new status, progress note, revised due date, evidence link",
    examples: ["update 1.2.4", "mark 2.4.1 complete", "set 1.2.4 to amber"],
    slots: { milestoneId: "milestoneId", status: "status" },
    phrasings: [{ regex: /^update\s+(\d{1,2}\.\d{1,2}\.\d{1,2})$/, args: (m) => ({ milestoneId: m[1]! }) }],
    access: { who: "milestoneOwner", slot: "milestoneId", to: "update it" },
    scopes: EVERYWHERE,
    // Opens a card; the card's Save writes.
    writes: false,
    recognizer: { keywords: { set: 3 }, slots: { milestone: 3, status: 1 }, required: ["milestone"], requiredConcepts: ["set"] },
    needs: [],
    // A sentence asking for a change ("mark 2.4.1 complete") opens the card with that status chosen; Save still decides.
    handle: (context, { milestoneId, status }) => milestoneUpdateCard(context.view, [milestoneId], context.asOf, status ? { typed: { [milestoneId]: { status } } } : {}),
  }),
  command<{ words: string; nearest?: Button[] }>({
    name: "find",
    summary: "actions and milestones that mention the words (any text I don't recognise is a search too)",
    examples: ["find autism", "search Outcome Star"],
    slots: { words: "words", nearest: "buttons" },
    // As typed: the words keep their case.
    phrasings: [{ regex: /^(find|search)\s+(.+)$/, on: "text", args: (m) => ({ words: m[2]! }) }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    manifest: [{ title: "find", description: "Find actions and milestones by their words", scopes: [...ALL_LISTS] }],
    recognizer: { keywords: { find: 4 }, slots: { words: 1 }, required: ["words"] },
    needs: [],
    handle: (context, { words, nearest }) => findCommand(context, words, nearest),
  }),
  command<Record<string, never>, "links" | "conversations" | "promptRecords" | "memberships">({
    name: "people",
    summary: "each plan person and whether Plan Tracker can reach them",
    examples: ["people"],
    slots: {},
    phrasings: [{ regex: /^people$/ }],
    access: { who: "admin", to: "see who is linked" },
    scopes: EVERYWHERE,
    writes: false,
    manifest: [{ title: "people", description: "Plan admins: who is linked to Teams", scopes: [...ALL_LISTS] }],
    needs: ["links", "conversations", "promptRecords", "memberships"],
    handle: async (context) => {
      const { services, planId } = context;
      const [links, installed, prompts] = await Promise.all([
        services.links.list(planId),
        services.conversations.installedUsers(context.turn.conversation.tenantId ?? "no-tenant"),
        services.promptRecords.listCycle(planId, cycleOf(context.asOf)),
      ]);
      const unreachable = new Map(prompts.filter((p) => p.state === "unreachable" && p.recipient === p.ownerId).map((p) => [p.ownerId, p.reason ?? "no reason recorded"]));
      // Gone (issue 22): refused twice running, or removed from every team the bot is in; each with a Reassign button.
      const gone = await goneOf(services, planId, context.asOf, links);
      return peopleCommand(context, links, installed, unreachable, await services.links.conflicts(planId), gone);
    },
  }),
  command<Record<string, never>, "links" | "teams">({
    name: "linkByEmail",
    summary: "links every unlinked plan person whose email or UPN matches one member of this team (the people card's Link by email)",
    examples: ["link by email"],
    slots: {},
    phrasings: [{ regex: /^link (?:everyone )?by email$/ }],
    access: { who: "admin", to: "link people" },
    scopes: EVERYWHERE,
    writes: true,
    needs: ["links", "teams"],
    handle: (context) => linkByEmailCommand(context),
  }),
  command<{ personName: string }, "links" | "teams">({
    name: "link",
    summary: "links that plan person to the mentioned Teams user",
    examples: ["link Gemma Reeves to @Gemma"],
    slots: { personName: "person" },
    // "link Gemma Reeves to @Gemma": the person is named; the Teams user is the mention.
    phrasings: [{ regex: /^link\s+(.+?)\s+to(\s|$)/i, on: "text", args: (m) => ({ personName: m[1]! }) }],
    access: { who: "admin", to: "link people" },
    scopes: EVERYWHERE,
    writes: true,
    needs: ["links", "teams"],
    handle: (context, { personName }) => link(context, personName),
  }),
  command<{ milestoneId: string }>({
    name: "milestone",
    summary: "one milestone: its status, owner, due date, latest note and last update, with the update button",
    examples: ["status 1.2.4", "milestone 2.3.6", "is 1.2.1 overdue?", "who owns 1.3.2"],
    slots: { milestoneId: "milestoneId" },
    phrasings: [{ regex: /^(?:status |milestone )?(\d{1,2}\.\d{1,2}\.\d{1,2})$/, args: (m) => ({ milestoneId: m[1]! }) }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    recognizer: { keywords: { status: 1, milestone: 1, how: 0.5, due: 1, overdue: 1.5, own: 0.5, who: 0.5, ask: 1, changed: 0 }, slots: { milestone: 3, status: 0.5 }, required: ["milestone"] },
    needs: [],
    handle: (context, { milestoneId }) => milestoneCommand(context, milestoneId),
  }),
  command<{ riskId: string }>({
    name: "risk",
    summary: "one risk: its scores before and after mitigation, the mitigation and its next review",
    examples: ["risk R5", "R3", "show me risk 5", "what's the mitigation for R2?"],
    slots: { riskId: "riskId" },
    phrasings: [],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    recognizer: { keywords: { risk: 1, status: 0.5 }, slots: { risk: 3 }, required: ["risk"] },
    needs: [],
    // Its owner and plan admins get the Review form; everyone else the answer shared per plan view.
    handle: (context, { riskId }) =>
      mayReviewRisk(context.view.plan, riskId, context) ? riskWithForm(context, riskId) : memoOn(context.view, `answer|${context.asOf}|risk|${riskId}`, () => riskCommand(context, riskId)),
  }),
  command<{ personId: string }>({
    name: "person",
    summary: "one person's work: the actions they lead and the milestones they own, overdue first",
    examples: ["what does Amy Joynes own", "Gemma's milestones", "what is Tim Cockerill leading?"],
    slots: { personId: "person" },
    phrasings: [],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    recognizer: { keywords: { own: 2, has: 0.5, action: 0.5, milestone: 0.5, who: 0.5, how: 0.5 }, slots: { person: 3 }, required: ["person"] },
    needs: [],
    handle: (context, { personId }) => personCommand(context, personId),
  }),
  command<FilterArgs>({
    name: "filter",
    summary: "actions or milestones by status, in an area, an action or of a person",
    examples: ["which actions are red?", "amber milestones in area 2", "what's complete in 1.4?"],
    slots: { status: "status", kind: "words", areaId: "areaId", actionId: "actionId", personId: "person" },
    phrasings: [],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    recognizer: { keywords: { which: 1, action: 0.5, milestone: 0.5 }, slots: { status: 3, area: 1, action: 1, person: 1 }, required: ["status"] },
    needs: [],
    handle: (context, args) => filterCommand(context, args),
  }),
  command<{ areaId: string }>({
    name: "area",
    summary: "one area of weakness: its actions and their overall status",
    examples: ["area 2", "how is area 1 doing?"],
    slots: { areaId: "areaId" },
    phrasings: [],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    recognizer: { keywords: { status: 1, action: 0.5, how: 0.5, ask: 2 }, slots: { area: 3, status: 0 }, required: ["area"] },
    needs: [],
    // Its success criteria with the KPIs and QIs that evidence them, and its actions (issue 15).
    handle: (context, { areaId }) => areaCommand(context, areaId),
  }),
  command<{ qiId: string }>({
    name: "qi",
    summary: "one quality indicator (QI 2 of area 1): what it looks at and how often",
    examples: ["QI 2 in area 1", "qi 4"],
    slots: { qiId: "qiId" },
    // The buttons of `qis` and of prompts name a QI by its id.
    phrasings: [{ regex: /^qi\s+(a\d{1,2}-qi\d{1,2})$/, args: (m) => ({ qiId: m[1]! }) }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    recognizer: { keywords: { status: 0.5 }, slots: { qi: 3, area: 0.5 }, required: ["qi"] },
    needs: [],
    // Its owner and plan admins get its findings and the finding form; everyone else the answer shared per plan view.
    handle: (context, { qiId }) =>
      mayRecordFinding(context.view.plan, qiId, context) ? qiWithForm(context, qiId) : memoOn(context.view, `answer|${context.asOf}|qi|${qiId}`, () => qiCommand(context, qiId)),
  }),
  command<{ period?: Period }, "plans" | "digestRecords">({
    name: "changes",
    summary: "what changed since a date or since the last board (the last digest posted for this conversation's board)",
    examples: ["what changed since the last board?", "what's new since October 2023?", "changes last month"],
    slots: { period: "date" },
    phrasings: [],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    recognizer: { keywords: { changed: 3, since: 1 }, slots: { period: 2, board: 0.5 } },
    needs: ["plans", "digestRecords"],
    handle: (context, { period }) => changesCommand(context.services, context, context.planId, period ?? { since: "last-board", text: "the last board" }, context.turn.conversation.id),
  }),
  // Issue 23: the issues log, board escalation, external reviews, checkpoints, data to complete.
  ...GOVERNANCE_COMMANDS,
  command({
    name: "thanks",
    summary: "a short reply",
    examples: ["thanks", "thank you", "cheers"],
    slots: {},
    phrasings: [],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    recognizer: { keywords: { thanks: 3 }, slots: {} },
    needs: [],
    handle: () => thanksCommand(),
  }),
  command<{ readings: Button[] }>({
    name: "didYouMean",
    summary: "when a question reads two ways (two people called Sam; \"2\": area 2, KPI 2 or risk R2), a button for each reading",
    examples: ["Sam's actions", "QI 2", "2"],
    slots: { readings: "buttons" },
    phrasings: [],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    needs: [],
    handle: (_context, { readings }) => clarifyCommand(readings),
  }),
  command<Record<string, never>, PlanNeeds>({
    name: "plans",
    summary: "the plans you are in, and which one this chat or channel follows",
    examples: ["plans", "my plans"],
    slots: {},
    phrasings: [{ regex: /^(plans|my plans|which plans)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    plan: { from: "any" },
    manifest: [{ title: "plans", description: "The plans you are in", scopes: ["personal"] }],
    needs: PLAN_NEEDS,
    handle: (context) => plansCommand(context),
  }),
  command<{ planId: string }, "bindings">({
    name: "choosePlan",
    summary: "in a personal chat, the plan your questions are about from now on",
    examples: ["plan somerset-app", "switch to plan somerset-app"],
    slots: { planId: "words" },
    phrasings: [{ regex: /^(?:switch to |use )?plan\s+([a-z0-9]+(?:-[a-z0-9]+)+)$/, args: (m) => ({ planId: m[1]! }) }],
    access: { who: "member", to: "choose this plan" },
    scopes: ["personal"],
    elsewhere: 'In a channel or group chat the plan is the one it is bound to; a plan admin changes it with "use plan <id> here".',
    writes: true,
    plan: { from: "slot", slot: "planId" },
    needs: ["bindings"],
    handle: (context) => choosePlanCommand(context),
  }),
  command<{ planId: string }, "bindings" | "admins">({
    name: "usePlanHere",
    summary: "binds this channel or group chat to a plan: its status, cards and buttons here are that plan's",
    examples: ["use plan somerset-app here"],
    slots: { planId: "words" },
    phrasings: [{ regex: /^use plan\s+([a-z0-9]+(?:-[a-z0-9]+)+)\s+here$/, args: (m) => ({ planId: m[1]! }) }],
    access: { who: "admin", to: "bind a conversation to their plan" },
    scopes: ["channel", "groupChat"],
    elsewhere: 'Type this in the channel or group chat (with @Plan Tracker); in a personal chat, "plan <id>" chooses your plan.',
    writes: true,
    plan: { from: "slot", slot: "planId" },
    needs: ["bindings", "admins"],
    handle: (context) => usePlanHereCommand(context),
  }),
  command<Record<string, never>, "admins" | "links">({
    name: "admins",
    summary: "the plan's admins",
    examples: ["admins", "who are the admins"],
    slots: {},
    phrasings: [{ regex: /^(admins|plan admins|who are the admins)$/ }],
    access: { who: "admin", to: "see the plan's admins" },
    scopes: EVERYWHERE,
    writes: false,
    needs: ["admins", "links"],
    handle: (context) => adminsCommand(context),
  }),
  command<{ change: "add" | "remove" }, "admins" | "teams">({
    name: "changeAdmin",
    summary: "makes the mentioned Teams user a plan admin, or no longer one (never the last)",
    examples: ["admin add @Gemma", "admin remove @Gemma"],
    slots: { change: "words" },
    // The user is the mention, as in "link".
    phrasings: [{ regex: /^admin (add|remove)(\s|$)/, args: (m) => ({ change: m[1] as "add" | "remove" }) }],
    access: { who: "admin", to: "change the plan's admins" },
    scopes: EVERYWHERE,
    writes: true,
    needs: ["admins", "teams"],
    handle: (context, { change }) => changeAdminCommand(context, change),
  }),
  command<{ from: string; to: string; reason: string }, "reassign">({
    name: "reassign",
    summary: "moves everything one plan person owns or leads to another (a leaver's milestones, actions, KPIs, QIs, risks), after a confirmation card",
    examples: ["reassign Claire Merchant-Jones to Rose Firth because she left the council", "reassign Claire Merchant-Jones"],
    slots: { from: "person", to: "person", reason: "words" },
    // Only these exact phrasings open the card; nothing moves before its Confirm button. Without "to <person>" (a gone
    // person's Reassign button on `people`), the card first asks who takes over.
    phrasings: [
      { regex: /^reassign\s+(.+?)\s+to\s+(.+?)(?:\s+because\s+(.+))?$/i, on: "text", args: (m) => ({ from: m[1]!, to: m[2]!, reason: (m[3] ?? "").trim() }) },
      { regex: /^reassign\s+(.+?)(?:\s+because\s+(.+))?$/i, on: "text", args: (m) => ({ from: m[1]!, to: "", reason: (m[2] ?? "").trim() }) },
    ],
    access: { who: "admin", to: "reassign people's work" },
    scopes: EVERYWHERE,
    writes: true,
    needs: ["reassign"],
    handle: (context, { from, to, reason }) => reassignCommand(context, from, to, reason),
  }),
  command<{ person: string }, "links">({
    name: "forget",
    summary: "deletes a plan person's Teams identity data (their link, chats, prompt recipient ids, admin rows); their history stays under a pseudonym. After a confirmation card",
    examples: ["forget Claire Merchant-Jones"],
    slots: { person: "person" },
    // Only this exact phrasing opens the card; nothing is deleted before its Confirm button.
    phrasings: [{ regex: /^forget\s+(.+)$/i, on: "text", args: (m) => ({ person: m[1]!.trim() }) }],
    access: { who: "admin", to: "forget people's Teams identity" },
    scopes: EVERYWHERE,
    writes: true,
    needs: ["links"],
    handle: (context, { person }) => forgetCommand(context, person),
  }),
  command({
    name: "help",
    summary: "what Plan Tracker can do",
    examples: ["help", "hi", "hello", "menu", "what can you do"],
    slots: {},
    phrasings: [{ regex: /^(help|\?|hi|hello|menu|what can you do)$/ }],
    access: { who: "anyone" },
    scopes: EVERYWHERE,
    writes: false,
    shared: true,
    manifest: [{ title: "help", description: "What Plan Tracker can do", scopes: [...ALL_LISTS] }],
    recognizer: { keywords: { help: 3, greet: 3 }, slots: {} },
    needs: [],
    handle: (context) => helpCommand(context, helpEntries()),
  }),
];

/** A question read more than one way: a button for each reading. */
export const CLARIFY_COMMAND = "didYouMean";
/** Typed text that matches no phrasing is a search for it. */
export const FALLBACK_COMMAND = "find";
/** An empty message (a bare @mention) gets help. */
export const EMPTY_COMMAND = "help";

const notSaved = () => messageCard("That request could not be read, so nothing was recorded.", { title: "Not saved" });

/** Every card button (Action.Execute verb; its Action.Submit fallback carries the verb in its data), declared once. */
/** A button of the milestone card (Save, Remind me, Not mine): the same data, access and services, its own handler. */
function milestoneButton(verb: string, summary: string, handler: typeof saveMilestone) {
  return button({
    verb,
    summary,
    schema: milestoneButtonSchema,
    example: { milestoneId: "1.2.4", version: "3", idempotencyKey: "7d1f0c1e-4b8e-4d52-9a0e-2f7f1b0c9a11" },
    access: { who: "milestoneOwner", slot: "milestoneId", to: "update it" },
    writes: true,
    invalid: notSaved,
    needs: MILESTONE_BUTTON_NEEDS,
    handle: (context, data) => handler(context.services, data, { ...context.sender, planId: context.planId, isAdmin: context.isAdmin }),
  });
}

export const BUTTONS: readonly AnyButton[] = [
  button({
    verb: "command",
    summary: "a command, answered as typing it would be",
    schema: commandButtonSchema,
    example: { command: "status 1.2" },
    access: { who: "anyone" },
    writes: false,
    invalid: "bad-request",
    needs: [],
    handle: (context, data) => context.answer(data.command),
  }),
  milestoneButton("saveMilestone", "Save on a milestone update card", saveMilestone),
  milestoneButton("snoozeMilestone", "Remind me on <date>", snoozeMilestone),
  milestoneButton("notMine", "Not mine: the milestone goes to its action lead with the owner's reason", notMine),
  button({
    verb: "refreshMilestones",
    summary: "the update card as it stands now, when it is opened again (Action.Execute refresh)",
    schema: refreshButtonSchema,
    example: { milestoneIds: ["1.2.4", "1.2.5"] },
    access: { who: "milestoneOwner", slot: "milestoneIds", to: "update them" },
    writes: false,
    invalid: () => messageCard("That card could not be refreshed.", { title: "Plan Tracker" }),
    needs: MILESTONE_BUTTON_NEEDS,
    handle: (context, data) => refreshMilestones(context.services, data, { ...context.sender, planId: context.planId, isAdmin: context.isAdmin }),
  }),
  button({
    verb: "confirmImport",
    summary: "Confirm import on the dry run of a plan file sent in a personal chat (plan admins)",
    schema: confirmImportSchema,
    example: { target: "northshire-wsoa", fileName: "northshire-wsoa.json", url: "https://contoso-my.sharepoint.com/personal/ada/Documents/northshire-wsoa.json", sha256: "0".repeat(64), expectedHead: "new" },
    access: { who: "admin", to: "import plan files" },
    writes: true,
    invalid: () => messageCard("That confirmation could not be read, so nothing was imported.", { title: "Not imported" }),
    planIn: (data) => data.target,
    needs: IMPORT_NEEDS,
    handle: (context, data) => confirmImport(context.services, context.turn, data),
  }),
  button({
    verb: "confirmReassign",
    summary: "Confirm reassign on the card of `reassign <person> to <person>` (plan admins)",
    schema: confirmReassignSchema,
    example: { fromId: "claire-merchant-jones", toId: "rose-firth" },
    access: { who: "admin", to: "reassign people's work" },
    writes: true,
    invalid: () => messageCard("That confirmation could not be read (is the reason filled in?), so nothing was moved.", { title: "Not reassigned" }),
    needs: ["reassign"],
    handle: (context, data) => confirmReassign(context, data),
  }),
  button({
    verb: "confirmForget",
    summary: "Confirm forget on the card of `forget <person>` (plan admins)",
    schema: confirmForgetSchema,
    example: { personId: "claire-merchant-jones", linkedTo: "aad-claire" },
    access: { who: "admin", to: "forget people's Teams identity" },
    writes: true,
    invalid: () => messageCard("That confirmation could not be read, so nothing was deleted.", { title: "Not forgotten" }),
    needs: ["forget", "plans", "admins"],
    handle: (context, data) => confirmForget(context, data),
  }),
  button({
    verb: "previewReassign",
    summary: "Show what would move, on the card of `reassign <person>` that asks who takes over (plan admins)",
    schema: previewReassignSchema,
    example: { fromId: "claire-merchant-jones", toId: "rose-firth" },
    access: { who: "admin", to: "reassign people's work" },
    // Opens the confirmation card; only its Confirm reassign writes.
    writes: false,
    invalid: () => messageCard("That choice could not be read, so nothing was moved.", { title: "Not reassigned" }),
    needs: ["reassign", "plans"],
    handle: (context, data) => previewReassign(context, data),
  }),
  button({
    verb: "recordMeasurement",
    summary: "Record on a KPI's measurement form",
    schema: measurementButtonSchema,
    example: { kpiId: "KPI 7", seen: "", idempotencyKey: "7d1f0c1e-4b8e-4d52-9a0e-2f7f1b0c9a11" },
    access: { who: "owner", of: "kpi", slot: "kpiId", to: "record its measurements" },
    writes: true,
    invalid: notRecorded,
    needs: RECORD_BUTTON_NEEDS,
    handle: (context, data) => recordMeasurementButton(context, data),
  }),
  button({
    verb: "reviewRisk",
    summary: "Reviewed today, on a risk's Review form",
    schema: reviewButtonSchema,
    example: { riskId: "R3", version: "0", idempotencyKey: "7d1f0c1e-4b8e-4d52-9a0e-2f7f1b0c9a11" },
    access: { who: "owner", of: "risk", slot: "riskId", to: "review it" },
    writes: true,
    invalid: notRecorded,
    needs: RECORD_BUTTON_NEEDS,
    handle: (context, data) => reviewRiskButton(context, data),
  }),
  button({
    verb: "recordFinding",
    summary: "Record on a quality indicator's finding form",
    schema: findingButtonSchema,
    example: { qiId: "a1-qi3", idempotencyKey: "7d1f0c1e-4b8e-4d52-9a0e-2f7f1b0c9a11" },
    access: { who: "owner", of: "qi", slot: "qiId", to: "record its findings" },
    writes: true,
    invalid: notRecorded,
    needs: RECORD_BUTTON_NEEDS,
    handle: (context, data) => recordFindingButton(context, data),
  }),
  button({
    verb: "saveCommentary",
    summary: "Save on a lead's commentary card",
    schema: commentaryButtonSchema,
    example: { idempotencyKey: "7d1f0c1e-4b8e-4d52-9a0e-2f7f1b0c9a11" },
    access: { who: "member", to: "write commentary on the actions they lead" },
    writes: true,
    invalid: notRecorded,
    needs: RECORD_BUTTON_NEEDS,
    handle: (context, data) => saveCommentaryButton(context, data),
  }),
  button({
    verb: "overrideAction",
    summary: "Save override on an action's card (its lead or a plan admin)",
    schema: overrideButtonSchema,
    example: { actionId: "1.2", version: "0", idempotencyKey: "7d1f0c1e-4b8e-4d52-9a0e-2f7f1b0c9a11" },
    access: { who: "owner", of: "action", slot: "actionId", to: "override its overall status" },
    writes: true,
    invalid: notRecorded,
    needs: RECORD_BUTTON_NEEDS,
    handle: (context, data) => overrideActionButton(context, data),
  }),
  ...GOVERNANCE_BUTTONS,
];

export const findCommandNamed = (name: string): AnyCommand | undefined => COMMANDS.find((c) => c.name === name);
export const findButton = (verb: unknown): AnyButton | undefined => (typeof verb === "string" ? BUTTONS.find((b) => b.verb === verb) : undefined);

const WHO_MAY: Record<AnyCommand["access"]["who"], string> = {
  anyone: "",
  member: " (people in the plan)",
  milestoneOwner: " (its owner, its action lead or a plan admin)",
  owner: " (its owner or lead, or a plan admin)",
  admin: " (plan admins)",
};

/** Help's list: every command, its first example and what it answers, and who may use it. */
export function helpEntries(): { example: string; meaning: string }[] {
  return COMMANDS.map((c) => ({ example: c.examples[0]!, meaning: `${c.summary}${WHO_MAY[c.access.who]}` }));
}

/** The app manifest's command lists: one for personal chats, one for teams and group chats, as Teams shows them. */
export function manifestCommandLists(): { scopes: string[]; commands: { title: string; description: string }[] }[] {
  const entries = COMMANDS.flatMap((c) => c.manifest ?? []);
  const list = (scopes: string[]) => ({
    scopes,
    commands: entries.filter((e) => scopes.every((s) => e.scopes.includes(s as never))).map(({ title, description }) => ({ title, description })),
  });
  return [list(["personal"]), list(["team", "groupChat"])];
}
