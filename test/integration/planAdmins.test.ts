import { strict as assert } from "node:assert";
import type { RunningBot } from "../../src/index";
import type { TeamsUser } from "../support/activities";
import { TeamsChat } from "../support/teamsChat";

const TENANT = "tenant-admins";
const SEED = { id: "29:seed", aadObjectId: "aad-seed", name: "Seed Admin" };
const GEMMA = { id: "29:gemma", aadObjectId: "aad-gemma", name: "Gemma R" };
const PLAN = "somerset-app";

describe("plan admins in storage", function () {
  this.timeout(60_000);
  let chat: TeamsChat;
  let first: RunningBot;
  let second: RunningBot;

  const mention = (user: { id: string; name: string }) => ({ entities: [{ type: "mention", text: `<at>${user.name}</at>`, mentioned: { id: user.id, name: user.name } }] });
  const say = (bot: RunningBot, from: TeamsUser, text: string, overrides: Record<string, unknown> = {}) => chat.say(from, text, overrides, bot);

  before(async () => {
    // Two instances on the same tables, as two App Service instances would be.
    chat = await TeamsChat.start({ tenant: TENANT, adminIds: [SEED.aadObjectId], fixedToday: "2023-11-01", members: [SEED, GEMMA], instances: 2 });
    [first, second] = chat.bots as [RunningBot, RunningBot];
  });

  after(() => chat.close());

  it("PLAN_ADMIN_IDS seeds the admins; a non-admin can neither see nor change them", async () => {
    assert.deepEqual(await first.app.admins.list(PLAN), [SEED.aadObjectId]);
    assert.match(await say(first, GEMMA, "admins"), /Only plan admins can see the plan's admins/);
    assert.match(await say(first, GEMMA, `admin add <at>${GEMMA.name}</at>`, mention(GEMMA)), /Only plan admins can change the plan's admins/);
    assert.deepEqual(await first.app.admins.history(PLAN), []);
  });

  it("an admin adds one: stored with history, effective on the next turn on the other instance", async () => {
    // The other instance has read the plan (and its admins) already.
    assert.match(await say(second, GEMMA, "admins"), /Only plan admins/);
    assert.match(await say(first, SEED, `admin add <at>${GEMMA.name}</at>`, mention(GEMMA)), /Gemma R is now an admin of plan somerset-app/);
    assert.deepEqual(await first.app.admins.list(PLAN), [SEED.aadObjectId, GEMMA.aadObjectId]);
    const [change] = await first.app.admins.history(PLAN);
    assert.deepEqual([change?.change, change?.aadObjectId, change?.by], ["add", GEMMA.aadObjectId, SEED.aadObjectId]);
    assert.match(await say(second, GEMMA, "admins"), /Admins of Somerset SEND Accelerated Progress Plan/);
  });

  it("removing an admin takes effect everywhere; the last admin cannot be removed", async () => {
    assert.match(await say(second, GEMMA, `admin remove <at>${SEED.name}</at>`, mention(SEED)), /Seed Admin is no longer an admin/);
    assert.match(await say(first, SEED, "admins"), /Only plan admins/);
    assert.match(await say(first, GEMMA, `admin remove <at>${GEMMA.name}</at>`, mention(GEMMA)), /last admin of plan somerset-app, so they cannot be removed/);
    assert.deepEqual(await first.app.admins.list(PLAN), [GEMMA.aadObjectId]);
    assert.equal((await first.app.admins.history(PLAN)).length, 2);
  });

  it("an admin change without a mention changes nothing", async () => {
    assert.match(await say(first, GEMMA, "admin add"), /Mention the Teams user/);
    assert.deepEqual(await first.app.admins.list(PLAN), [GEMMA.aadObjectId]);
  });
});
