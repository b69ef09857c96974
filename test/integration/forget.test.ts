import { strict as assert } from "node:assert";
import { linkByEmail } from "../../src/app/emailLinking";
import { isPlanTrackerError } from "../../src/errors";
import type { App } from "../../src/index";
import type { Actor } from "../../src/storage/planDiff";
import { everyRow } from "../support/everyRow";
import { populateStore } from "../support/populateStore";
import { admin, openTestApp, sampleJson } from "../support/testApp";

const PLAN = "somerset-app";
const GEMMA_AAD = "aad-gemma";
const CLAIRE_AAD = "aad-claire";

describe("forget <person>", function () {
  this.timeout(120_000);
  let app: App;

  before(async () => {
    app = await openTestApp();
    const plan = sampleJson();
    plan.tenantId = "tenant-somerset";
    const gemma = plan.people.find((p) => p.id === "gemma-reeves")!;
    gemma.email = "gemma.reeves@example.org";
    await app.plans.importFile("somerset-app.json", JSON.stringify(plan), admin);
    await populateStore(app); // links Gemma (aad-gemma) and Claire, records their chats, runs a prompt cycle and a digest
    const asGemma: Actor = { id: GEMMA_AAD, name: "Gemma Reeves", source: "teams" };
    await app.plans.recordMilestoneUpdate(PLAN, "1.2.5", { status: "green", note: "Recorded in Teams" }, asGemma);
    const asClaire: Actor = { id: CLAIRE_AAD, name: "Claire Merchant-Jones", source: "teams" };
    await app.records.reviewRisk(PLAN, { risk: "R1", progress: "Reviewed at the delivery group" }, asClaire);
    await app.admins.add(PLAN, CLAIRE_AAD, admin.id);
    await app.bindings.choose(CLAIRE_AAD, PLAN);
  });
  after(async () => {
    await app.close();
  });

  it("leaves no row holding the person's Azure AD object id; history keeps their entries under a pseudonym", async () => {
    const before = await everyRow(app);
    assert.ok(before.includes(CLAIRE_AAD), "Claire's id is in her link, chat, and the state row of her risk review");
    const historyBefore = (await app.records.history(PLAN, "R1")).entries.length;

    const report = await app.forget(PLAN, "claire-merchant-jones", admin);

    const after = await everyRow(app);
    assert.equal(after.includes(CLAIRE_AAD), false, "no table holds aad-claire");
    assert.ok(after.includes(report.pseudonym));
    assert.ok(after.includes(GEMMA_AAD), "only that person is forgotten");
    assert.ok(report.deleted >= 3, `deleted ${report.deleted}`);
    const history = (await app.records.history(PLAN, "R1")).entries;
    assert.equal(history.length, historyBefore, "history stays");
    assert.ok(JSON.stringify(history).includes(report.pseudonym));
    assert.ok(JSON.stringify(history).includes("Claire Merchant-Jones"), "the name as the plan shows it stays");
    // A look at the plan (its head, raised by the forget) is how every instance learns that its links changed.
    const view = await app.plans.view(PLAN);
    assert.equal(await app.links.linkOf(PLAN, "claire-merchant-jones"), undefined);
    assert.ok(view.plan.people.some((p) => p.id === "claire-merchant-jones"));
    assert.equal(await app.admins.isAdmin(PLAN, CLAIRE_AAD), false, "no longer an admin");
    assert.ok(!JSON.stringify(view.records ?? {}).includes(CLAIRE_AAD), "the view every instance reads again has the pseudonym too");
  });

  it("is recorded, and email matching does not link the person again; an admin still can", async () => {
    const report = await app.forget(PLAN, "gemma-reeves", admin);
    assert.equal(await app.links.wasForgotten(PLAN, "gemma-reeves"), true);
    const rows = await everyRow(app);
    assert.match(rows, new RegExp(`"rk":"f\\|gemma-reeves\\|[^"]+".*"pseudonym":\\{"type":"String","value":"${report.pseudonym}"\\}.*"by":\\{"type":"String","value":"${admin.id}"\\}`));
    const view = await app.plans.view(PLAN);
    const relinked = await linkByEmail(app.links, PLAN, view.plan, [], { aadObjectId: GEMMA_AAD, name: "Gemma Reeves", tenantId: "tenant-somerset", addresses: ["gemma.reeves@example.org"] });
    assert.equal(relinked, undefined);
    assert.equal((await everyRow(app)).includes(GEMMA_AAD), false, "not even as a refused match");
    await app.links.link(PLAN, "gemma-reeves", { aadObjectId: GEMMA_AAD, name: "Gemma Reeves", tenantId: "tenant-somerset" }, "manual", admin.name);
    assert.equal((await app.links.linkOf(PLAN, "gemma-reeves"))?.aadObjectId, GEMMA_AAD);
  });

  it("refuses a person who is not in the plan, or has no Teams link", async () => {
    await assert.rejects(app.forget(PLAN, "nobody", admin), (error) => isPlanTrackerError(error, "not-found"));
    await assert.rejects(app.forget(PLAN, "dave-smith", admin), (error) => isPlanTrackerError(error, "not-found") && /no Teams link/.test(error.message));
  });
});
