import { PromptCycle, type Messenger } from "../../src/app/promptCycle";
import { DigestCycle } from "../../src/app/digestCycle";
import { addDaysIso } from "../../src/domain/dates";
import { dueDigest } from "../../src/domain/boardCalendar";
import type { App } from "../../src/index";
import { admin } from "./testApp";

const PLAN = "somerset-app";
const TENANT = "tenant-somerset";
const PEOPLE = [
  { personId: "gemma-reeves", aadObjectId: "aad-gemma", name: "Gemma Reeves" },
  { personId: "claire-merchant-jones", aadObjectId: "aad-claire", name: "Claire Merchant-Jones" },
];

/** Teams as the cycles see it: every send answers (what was sent is not what these tests check). */
const answeringMessenger: Messenger = {
  send: () => Promise.resolve({ activityId: "sent" }),
  post: () => Promise.resolve({ activityId: "posted" }),
};

const reference = (conversationId: string, user: { id: string; name: string }) => ({ format: 1 as const, channelId: "msteams", serviceUrl: "http://127.0.0.1:9/", conversation: { id: conversationId, conversationType: "personal", tenantId: TENANT, isGroup: false, name: "" }, bot: { id: "28:plan-tracker", name: "Plan Tracker" }, user });

/**
 * The sample plan (already in the store) given some of everything: updates, an override, a
 * snooze, links, conversation references, a prompt cycle, a digest, an admin, a conversation's
 * plan binding and a daily backup record,
 * so that no Plan Tracker table is empty.
 */
export async function populateStore(app: App): Promise<void> {
  await app.plans.recordMilestoneUpdate(PLAN, "1.2.1", { status: "green", note: "Panel met; terms agreed" }, admin);
  await app.plans.recordMilestoneUpdate(PLAN, "1.2.4", { status: "amber", note: "Waiting for the survey", revisedDue: "2024-02-01" }, admin);
  await app.plans.setActionOverride(PLAN, "1.3", { status: "amber", reason: "The board's view at its October meeting" }, admin);
  const view = await app.plans.view(PLAN);
  await app.plans.snoozeMilestone(PLAN, "1.2.2", "2023-11-20", admin, view.milestones.get("1.2.2")?.version ?? 0);
  for (const person of PEOPLE) {
    await app.links.link(PLAN, person.personId, { aadObjectId: person.aadObjectId, name: person.name, tenantId: TENANT }, "manual", "test");
    await app.conversations.record(TENANT, `user|${person.aadObjectId}`, { scope: "personal", installed: true, reference: reference(`a:personal-${person.aadObjectId}`, { id: `29:${person.aadObjectId}`, name: person.name }) });
  }
  const cycleOptions = app.config.bot.prompts;
  await new PromptCycle(app.plans, app.prompts, app.promptRecords, app.leases, answeringMessenger, cycleOptions, () => undefined).run(PLAN, "2023-11-01");

  // The board with a known meeting (the others have a cadence only).
  const board = view.plan.boards.find((b) => (b.meetingDates ?? []).length > 0)!;
  await app.digestRecords.registerChannel(PLAN, { boardId: board.id, tenantId: TENANT, conversationId: "19:board@thread.tacv2", name: "Board", reference: reference("19:board@thread.tacv2", { id: "29:admin", name: "Admin" }), registeredBy: admin.name, registeredAt: "2023-10-01T09:00:00.000Z" });
  let asOf = "2023-11-01";
  for (let day = 0; day < 400 && !dueDigest(board, view.plan, asOf); day++) asOf = addDaysIso(asOf, 1);
  const digests = await new DigestCycle(app.plans, app.digests, app.digestRecords, app.leases, answeringMessenger, cycleOptions, () => undefined).run(PLAN, asOf);
  if (digests.posted.length !== 1) throw new Error(`the digest of ${asOf} was not posted: ${JSON.stringify(digests)}`);
  // Teams said Claire joined the board's team (what `people` reads to tell who has gone).
  await app.memberships.record(TENANT, "aad-claire", { teamId: "19:board@thread.tacv2", state: "in", at: "2023-10-01T09:00:00.000Z" });
  await app.admins.add(PLAN, "aad-admin", "test");
  await app.bindings.bind("19:board@thread.tacv2", PLAN, "test");
  const backup = await (await app.dailyBackup()).run();
  if (backup.outcome !== "done") throw new Error(`the daily backup did not run: ${JSON.stringify(backup)}`);
}
