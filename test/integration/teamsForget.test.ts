import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { RunningBot } from "../../src/index";
import type { Actor } from "../../src/storage/planDiff";
import { everyRow } from "../support/everyRow";
import { PROJECT_ROOT } from "../support/paths";
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
    const pressed = await chat.press(MEMBER, "confirmForget", { planId: PLAN, personId: "claire-merchant-jones", linkedTo: CLAIRE_AAD });
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
    answer = await chat.press(ADMIN, "confirmForget", { planId: PLAN, personId: "no-such-person", linkedTo: CLAIRE_AAD });
    assert.match(answer, /no-such-person is not a person in plan somerset-app. Nothing was deleted/);
    answer = await chat.press(ADMIN, "confirmForget", { planId: PLAN, personId: "claire-merchant-jones", linkedTo: CLAIRE_AAD, extra: "x" });
    assert.match(answer, /could not be read, so nothing was deleted/);
    assert.equal(await everyRow(bot.app), rows, "no row changed");
  });

  it("a card shown for another Teams user, or an identity that is an admin of a plan the sender is not, is refused and nothing is deleted", async () => {
    const rows = await everyRow(bot.app);
    let answer = await chat.press(ADMIN, "confirmForget", { planId: PLAN, personId: "claire-merchant-jones", linkedTo: "aad-someone-else" });
    assert.match(answer, /linked to another Teams user since this card was shown. Nothing was deleted/);

    // Claire is also the only admin of a second plan, which Ada does not administer.
    const other = "northshire-wsoa";
    await bot.app.plans.importFile(`${other}.json`, readFileSync(resolve(PROJECT_ROOT, "data", `${other}.json`), "utf8"), admin);
    await bot.app.admins.add(other, CLAIRE_AAD, admin.id);
    await bot.app.admins.remove(other, ADMIN.aadObjectId, admin.id);
    const withOtherPlan = await everyRow(bot.app);
    answer = await chat.press(ADMIN, "confirmForget", { planId: PLAN, personId: "claire-merchant-jones", linkedTo: CLAIRE_AAD });
    assert.match(answer, /also linked to, or an admin of, plan northshire-wsoa, and only an admin of every such plan can forget it. Nothing was deleted/);
    assert.equal(await everyRow(bot.app), withOtherPlan, "no row changed");
    assert.deepEqual(await bot.app.admins.list(other), [CLAIRE_AAD]);

    // An admin of both plans may: Ada is made one again, and the next test forgets Claire everywhere.
    await bot.app.admins.add(other, ADMIN.aadObjectId, admin.id);
    assert.notEqual(rows, withOtherPlan);
    // With two plans, Ada's personal chat asks which one she means until she chooses.
    assert.match(await chat.say(ADMIN, "plan somerset-app"), /somerset-app/);
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
    assert.deepEqual(confirm, { personId: "claire-merchant-jones", linkedTo: CLAIRE_AAD, planId: PLAN }, "plan-stamped, with the Teams user shown");
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
    assert.equal(await bot.app.admins.isAdmin("northshire-wsoa", CLAIRE_AAD), false, "and out of the other plan's admins, whose admin Ada also is");

    const again = await chat.press(ADMIN, "confirmForget", confirm!);
    assert.match(again, /no Teams link/, "pressed twice: nothing left to forget");
  });
});
