import { strict as assert } from "node:assert";
import type { RunningBot } from "../../src/index";
import type { TeamsUser } from "../support/activities";
import { TeamsChat } from "../support/teamsChat";
import { sampleJson } from "../support/testApp";

const TENANT = "tenant-bulk";
const ADMIN = { id: "29:admin", aadObjectId: "aad-admin", name: "Plan Admin" };
const FIONA = { id: "29:fiona", aadObjectId: "aad-fiona", name: "Fiona T", email: "Fiona.Turnbull@example.org" };
const AMY = { id: "29:amy", aadObjectId: "aad-amy", name: "Amy J", userPrincipalName: "amy.joynes@example.org" };
const GEMMA_ONE = { id: "29:gemma-1", aadObjectId: "aad-gemma-1", name: "Gemma R", email: "gemma.reeves@example.org" };
const GEMMA_TWO = { id: "29:gemma-2", aadObjectId: "aad-gemma-2", name: "Gemma R (second account)", userPrincipalName: "gemma.reeves@example.org" };
const TEAM = "19:team-general@thread.tacv2";

describe("people: Link by email against the team's members", function () {
  this.timeout(60_000);
  let chat: TeamsChat;
  let bot: RunningBot;

  /** Says `text` to the bot, mentioned in the team's channel; the reply card as JSON text. */
  const say = (from: TeamsUser, text: string) =>
    chat.say(from, `<at>Plan Tracker</at> ${text}`, {
      conversation: { id: `${TEAM};messageid=7`, conversationType: "channel", tenantId: TENANT, isGroup: true },
      channelData: { tenant: { id: TENANT }, team: { id: TEAM }, channel: { id: TEAM } },
      entities: [{ type: "mention", text: "<at>Plan Tracker</at>", mentioned: { id: "28:plan-tracker", name: "Plan Tracker" } }],
    });

  before(async () => {
    const plan = sampleJson();
    const address = (id: string, field: "email" | "upn", value: string) => Object.assign(plan.people.find((p) => p.id === id)!, { [field]: value });
    address("fiona-turnbull", "email", "fiona.turnbull@example.org");
    address("amy-joynes", "email", "amy.joynes@example.org");
    address("gemma-reeves", "email", "gemma.reeves@example.org");
    address("julia-ridge", "email", "julia.ridge@example.org");
    chat = await TeamsChat.start({ tenant: TENANT, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01", members: [ADMIN, FIONA, AMY, GEMMA_ONE, GEMMA_TWO], planText: JSON.stringify(plan) });
    bot = chat.bot;
  });

  after(() => chat.close());

  it("the people card offers Link by email", async () => {
    assert.match(await say(ADMIN, "people"), /"title":"Link by email".*?"command":"link by email"/);
  });

  it("a non-admin cannot link by email, and nothing is written", async () => {
    assert.match(await say(FIONA, "link by email"), /Only plan admins can link people/);
    assert.deepEqual(await bot.app.links.list("somerset-app"), []);
    assert.deepEqual(chat.connector.listedMembersOf, []);
  });

  it("links each unlinked person whose address matches one team member; reports not found and ambiguous", async () => {
    const reply = await say(ADMIN, "link by email");
    // The team's members, every page of them (the fake pages two at a time).
    assert.ok(chat.connector.listedMembersOf.length >= 3);
    assert.ok(chat.connector.listedMembersOf.every((id) => id === TEAM));
    assert.match(reply, /Linked \(2\)\*\*: Amy Joynes → Amy J; Fiona Turnbull → Fiona T|Linked \(2\)\*\*: Fiona Turnbull → Fiona T; Amy Joynes → Amy J/);
    assert.match(reply, /Not found in this team \(1\)\*\*: Julia Ridge/);
    assert.match(reply, /Ambiguous \(1\)\*\*: Gemma Reeves \(2 members match\)/);
    const links = new Map((await bot.app.links.list("somerset-app")).map((l) => [l.personId, l.aadObjectId]));
    assert.deepEqual([...links.entries()].sort(), [["amy-joynes", AMY.aadObjectId], ["fiona-turnbull", FIONA.aadObjectId]]);
  });

  it("a second run links nobody new and keeps the links", async () => {
    const reply = await say(ADMIN, "link by email");
    assert.match(reply, /\*\*Linked\*\*: none/);
    assert.equal((await bot.app.links.list("somerset-app")).length, 2);
  });
});
