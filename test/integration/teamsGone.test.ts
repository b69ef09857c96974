import { strict as assert } from "node:assert";
import type { RunningBot } from "../../src/index";
import { BOT_SDKS } from "../../src/teams/createRuntime";
import { buttonData, TeamsChat } from "../support/teamsChat";

const TENANT = "tenant-gone";
const PLAN = "somerset-app";
const ADMIN = { id: "29:ada", aadObjectId: "aad-ada", name: "Ada Admin" };
const MEMBER = { id: "29:gemma", aadObjectId: "aad-gemma", name: "Gemma Reeves" };
const CLAIRE = { id: "29:claire", aadObjectId: "aad-claire", name: "Claire Merchant-Jones" };
const BOT = { id: "28:plan-tracker", name: "Plan Tracker" };
const TEAM_A = "19:team-a@thread.tacv2";
const TEAM_B = "19:team-b@thread.tacv2";

/** The people card's row for one person: their state and detail, and the command of their Reassign button. */
function rowOf(cardJson: string, name: string): { state: string; detail: string; reassign?: string } | undefined {
  const containers = (JSON.parse(cardJson) as { body: { type: string }[] }).body.filter((element) => element.type === "Container");
  for (const container of containers) {
    const json = JSON.stringify(container);
    if (!json.includes(`**${name}**`)) continue;
    const texts = [...json.matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
    return { state: texts[2]!, detail: texts[1]!, reassign: buttonData(json, "command")?.command as string | undefined };
  }
  return undefined;
}

for (const sdk of BOT_SDKS) {
  describe(`gone people in Teams, with the bot on ${sdk} (real HTTP, Azurite)`, function () {
    this.timeout(120_000);
    let chat: TeamsChat;
    let bot: RunningBot;
    const logged: string[] = [];

    /** A team event as Teams sends it: in the team's General channel, with the team in the channel data. */
    const teamEvent = (teamId: string, fields: Record<string, unknown>) => ({
      type: "conversationUpdate",
      text: undefined,
      recipient: BOT,
      conversation: { id: teamId, conversationType: "channel", tenantId: TENANT, isGroup: true },
      channelData: { tenant: { id: TENANT }, team: { id: teamId, name: teamId } },
      ...fields,
    });
    const send = async (activity: Record<string, unknown>) => assert.equal((await chat.post(ADMIN, activity)).status, 200);
    const install = (teamId: string) => send({ ...teamEvent(teamId, {}), type: "installationUpdate", action: "add" });
    const people = () => chat.say(ADMIN, "people");

    before(async () => {
      chat = await TeamsChat.start({ tenant: TENANT, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01", sdk, log: (message) => void logged.push(message) });
      bot = chat.bot;
      assert.equal(bot.sdk, sdk);
      for (const [personId, user] of [["gemma-reeves", MEMBER], ["claire-merchant-jones", CLAIRE]] as const) {
        await bot.app.links.link(PLAN, personId, { aadObjectId: user.aadObjectId, name: user.name, tenantId: TENANT }, "manual", "test");
        // Their personal chat with the bot, as its installation records it.
        assert.equal((await chat.post(user, { type: "installationUpdate", action: "add", text: undefined })).status, 200);
      }
      await install(TEAM_A);
      await install(TEAM_B);
    });

    after(() => chat.close());

    it("someone removed from one of two teams is not gone; from every team the bot is in, they are, with a Reassign button", async () => {
      await send(teamEvent(TEAM_A, { membersRemoved: [{ id: MEMBER.id, aadObjectId: MEMBER.aadObjectId }], channelData: { tenant: { id: TENANT }, team: { id: TEAM_A }, eventType: "teamMemberRemoved" } }));
      assert.equal(rowOf(await people(), "Gemma Reeves")?.state, "Linked");
      await send(teamEvent(TEAM_B, { membersRemoved: [{ id: MEMBER.id, aadObjectId: MEMBER.aadObjectId }] }));
      const gemma = rowOf(await people(), "Gemma Reeves");
      assert.equal(gemma?.state, "Gone");
      assert.match(gemma?.detail ?? "", /removed from all 2 teams Plan Tracker is installed in/);
      assert.equal(gemma?.reassign, "reassign gemma-reeves");
      assert.equal(rowOf(await people(), "Claire Merchant-Jones")?.reassign, undefined, "only the gone have the button");
      const history = (await bot.app.memberships.list(TENANT)).get(MEMBER.aadObjectId);
      assert.deepEqual(history?.map((m) => [m.teamId, m.state]), [[TEAM_A, "removed"], [TEAM_B, "removed"]]);
    });

    it("the Reassign button asks who takes over (plan admins only), then shows the reassign card's Confirm", async () => {
      const chooser = await chat.press(ADMIN, "command", { command: "reassign gemma-reeves", planId: PLAN });
      assert.match(chooser, /Reassign Gemma Reeves/);
      assert.match(chooser, /"id":"toId"/);
      const show = buttonData(chooser, "previewReassign");
      assert.deepEqual(show, { fromId: "gemma-reeves", planId: PLAN });
      const confirm = await chat.press(ADMIN, "previewReassign", { ...show, toId: "rose-firth", reason_reassign: "left the council" });
      assert.match(confirm, /Reassign Gemma Reeves to Rose Firth/);
      assert.deepEqual(buttonData(confirm, "confirmReassign"), { fromId: "gemma-reeves", toId: "rose-firth", planId: PLAN });
      const head = await bot.app.plans.headTag(PLAN);
      assert.match(await chat.press(MEMBER, "command", { command: "reassign gemma-reeves", planId: PLAN }), /Only plan admins can reassign people's work/);
      assert.match(await chat.press(MEMBER, "previewReassign", { ...show, toId: "rose-firth" }), /Only plan admins can reassign people's work/);
      assert.equal(await bot.app.plans.headTag(PLAN), head, "nothing moved");
    });

    it("added to a team again, they are back; the bot's own removal from a team is not a person leaving", async () => {
      await send(teamEvent(TEAM_B, { membersAdded: [{ id: MEMBER.id, aadObjectId: MEMBER.aadObjectId }] }));
      assert.equal(rowOf(await people(), "Gemma Reeves")?.state, "Linked");
      // The bot leaves team B: Gemma, removed from team A (the one team left), is gone again; nobody is recorded for the bot.
      await send(teamEvent(TEAM_B, { membersRemoved: [BOT] }));
      assert.equal(rowOf(await people(), "Gemma Reeves")?.state, "Gone");
      assert.deepEqual([...(await bot.app.memberships.list(TENANT)).keys()], [MEMBER.aadObjectId]);
      await install(TEAM_B);
      await send(teamEvent(TEAM_A, { membersAdded: [{ id: MEMBER.id, aadObjectId: MEMBER.aadObjectId }] }));
      assert.equal(rowOf(await people(), "Gemma Reeves")?.state, "Linked");
    });

    it("malformed event data is refused or logged, and changes nothing", async () => {
      const before = JSON.stringify([...(await bot.app.memberships.list(TENANT))]);
      let checkedHere = 0;
      for (const bad of [
        { membersRemoved: [{ id: 5, aadObjectId: "aad-x" }] },
        { membersRemoved: "everyone" },
        { membersRemoved: [{ id: "29:x", aadObjectId: "aad x/../y" }] },
        { membersAdded: [{ id: "29:x", aadObjectId: "aad-x" }], channelData: { tenant: { id: TENANT }, team: { id: 7 } } },
      ]) {
        logged.length = 0;
        const response = await chat.post(ADMIN, teamEvent(TEAM_A, bad));
        // The Agents SDK checks an activity's members itself (a 400 before any handler); otherwise Plan Tracker's check logs it.
        if (sdk === "agents" && response.status === 400) continue;
        assert.equal(response.status, 200);
        assert.ok(logged.some((line) => /Ignored a conversationUpdate: .* could not be read/.test(line)), JSON.stringify(bad));
        checkedHere++;
      }
      assert.ok(checkedHere >= 2, `${checkedHere} of the events reached Plan Tracker's own check`);
      assert.equal(JSON.stringify([...(await bot.app.memberships.list(TENANT))]), before);
    });

    it("prompts Teams refuses with 403 for two cycles running make a person gone; Teams' status is recorded; a prompt sent later brings them back", async () => {
      const claireChat = `a:personal-${CLAIRE.aadObjectId}`;
      chat.connector.failWith.set(claireChat, { status: 403, code: "ConversationBlockedByUser" });
      const cycles = ["2023-10-02", "2023-11-01"];
      for (const asOf of cycles) {
        const report = await bot.prompts.run(PLAN, asOf);
        assert.ok(report.unreachable.some((u) => u.ownerId === "claire-merchant-jones"), `${asOf}: ${JSON.stringify(report.unreachable)}`);
      }
      const stored = await bot.app.promptRecords.get(PLAN, "2023-11", "claire-merchant-jones");
      assert.equal(stored?.teamsStatus, 403);
      const claire = rowOf(await people(), "Claire Merchant-Jones");
      assert.equal(claire?.state, "Gone");
      assert.match(claire?.detail ?? "", /Teams refused their prompts of 2023-10 and 2023-11/);
      assert.equal(claire?.reassign, "reassign claire-merchant-jones");

      chat.connector.failWith.delete(claireChat);
      const report = await bot.prompts.run(PLAN, "2023-12-01");
      assert.ok(report.sent.some((s) => s.recipient === "claire-merchant-jones"), JSON.stringify(report.sent));
      assert.notEqual(rowOf(await people(), "Claire Merchant-Jones")?.state, "Gone");
    });
  });
}
