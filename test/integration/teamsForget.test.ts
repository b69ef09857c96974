import { strict as assert } from "node:assert";
import type { RunningBot } from "../../src/index";
import type { Actor } from "../../src/storage/planDiff";
import { everyRow } from "../support/everyRow";
import { populateStore } from "../support/populateStore";
import { buttonData, TeamsChat } from "../support/teamsChat";
import { admin } from "../support/testApp";

const TENANT = "tenant-somerset";
const ADMIN = { id: "29:ada", aadObjectId: "aad-ada", name: "Ada Admin" };
const MEMBER = { id: "29:aad-gemma", aadObjectId: "aad-gemma", name: "Gemma Reeves" };
const PLAN = "somerset-app";
const CLAIRE_AAD = "aad-claire";

describe("forget in Teams (real HTTP, Azurite)", function () {
  this.timeout(120_000);
  let chat: TeamsChat;
  let bot: RunningBot;

  before(async () => {
    chat = await TeamsChat.start({ tenant: TENANT, adminIds: [ADMIN.aadObjectId], fixedToday: "2023-11-01" });
    bot = chat.bot;
    // Claire (aad-claire) and Gemma linked, their chats, a prompt cycle, a digest, Claire's team membership; then Claire's own entries and admin row.
    await populateStore(bot.app);
    const asClaire: Actor = { id: CLAIRE_AAD, name: "Claire Merchant-Jones", source: "teams" };
    await bot.app.records.reviewRisk(PLAN, { risk: "R1", progress: "Reviewed at the delivery group" }, asClaire);
    await bot.app.admins.add(PLAN, CLAIRE_AAD, admin.id);
  });

  after(() => chat.close());

  it("a non-admin is refused centrally, by typing and by pressing, and nothing is deleted", async () => {
    const rows = await everyRow(bot.app);
    const typed = await chat.say(MEMBER, "forget Claire Merchant-Jones");
    assert.match(typed, /Only plan admins can forget people's Teams identity/);
    assert.equal(buttonData(typed, "confirmForget"), undefined);
    const pressed = await chat.press(MEMBER, "confirmForget", { planId: PLAN, personId: "claire-merchant-jones" });
    assert.match(pressed, /Only plan admins can forget people's Teams identity/);
    assert.equal(await everyRow(bot.app), rows, "no row changed");
  });

  it("an unknown person, or one with no Teams link, is refused with no Confirm button, and nothing is deleted", async () => {
    const rows = await everyRow(bot.app);
    let answer = await chat.say(ADMIN, "forget Nobody Known");
    assert.match(answer, /no \\"Nobody Known\\" among the plan's people. Nothing was deleted/);
    assert.equal(buttonData(answer, "confirmForget"), undefined);
    answer = await chat.say(ADMIN, "forget Dave Smith");
    assert.match(answer, /Dave Smith has no Teams link in plan somerset-app/);
    assert.equal(buttonData(answer, "confirmForget"), undefined);
    answer = await chat.press(ADMIN, "confirmForget", { planId: PLAN, personId: "no-such-person" });
    assert.match(answer, /no-such-person is not a person in plan somerset-app. Nothing was deleted/);
    answer = await chat.press(ADMIN, "confirmForget", { planId: PLAN, personId: "claire-merchant-jones", extra: "x" });
    assert.match(answer, /could not be read, so nothing was deleted/);
    assert.equal(await everyRow(bot.app), rows, "no row changed");
  });

  it("an admin sees what will be deleted and what stays, confirms, and then no table holds the person's Azure AD object id", async () => {
    const before = await everyRow(bot.app);
    assert.ok(before.includes(CLAIRE_AAD));
    const historyBefore = (await bot.app.records.history(PLAN, "R1")).entries.length;

    const card = await chat.say(ADMIN, "forget Claire Merchant-Jones");
    assert.match(card, /Forget Claire Merchant-Jones's Teams identity\?/);
    for (const deleted of [/link between them and their Teams user/, /conversation references/, /prompt's recipient/, /admin rows/]) assert.match(card, deleted);
    assert.match(card, /History stays.*pseudonym/);
    const confirm = buttonData(card, "confirmForget");
    assert.deepEqual(confirm, { personId: "claire-merchant-jones", planId: PLAN }, "plan-stamped");
    assert.equal(await everyRow(bot.app), before, "the card deletes nothing");

    const done = await chat.press(ADMIN, "confirmForget", confirm!);
    assert.match(done, /Forgot Claire Merchant-Jones's Teams identity/);
    const pseudonym = /forgotten-[0-9a-f]{12}/.exec(done)?.[0];
    assert.ok(pseudonym, done);
    const after = await everyRow(bot.app);
    assert.equal(after.includes(CLAIRE_AAD), false, "no table holds aad-claire");
    assert.ok(after.includes("aad-gemma"), "only that person is forgotten");
    const history = (await bot.app.records.history(PLAN, "R1")).entries;
    assert.equal(history.length, historyBefore, "history stays");
    assert.ok(JSON.stringify(history).includes(pseudonym));
    assert.equal(await bot.app.links.wasForgotten(PLAN, "claire-merchant-jones"), true, "the forget is recorded");
    assert.equal(await bot.app.admins.isAdmin(PLAN, CLAIRE_AAD), false);

    const again = await chat.press(ADMIN, "confirmForget", confirm!);
    assert.match(again, /no Teams link/, "pressed twice: nothing left to forget");
  });
});
