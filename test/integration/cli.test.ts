import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { freePort, runCli } from "../support/cli";
import { openApp } from "../../src/index";
import { FakeConnector } from "../support/fakeConnector";
import { sampleJson, testConfig, testConnectionString, uniquePrefix } from "../support/testApp";
import { SAMPLE_PLAN } from "../support/paths";

interface StatusJson {
  asOf: string;
  plan: { id: string };
  actions: { id: string; title: string; area: string; lead: { id: string; name: string }; counts: Record<string, number>; derived: string; override: unknown; overall: string; overdue: number }[];
}

describe("plan-tracker CLI", function () {
  this.timeout(60_000);
  let env: Record<string, string>;
  let dir: string;

  before(async () => {
    env = { AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix() };
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-cli-"));
    const imported = await runCli(["import", SAMPLE_PLAN], env);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /Plan somerset-app created\./);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("status --json carries seed 003's counts and overall statuses, as lowercase words", async () => {
    const result = await runCli(["status", "--as-of", "2023-11-01", "--json"], env);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as StatusJson;
    assert.equal(json.asOf, "2023-11-01");
    assert.equal(json.plan.id, "somerset-app");
    assert.deepEqual(
      json.actions.map((a) => ({ action: a.id, counts: { blue: a.counts.blue, green: a.counts.green, amber: a.counts.amber, red: a.counts.red }, overall: a.overall })),
      SEED_003_TABLE,
    );
    const first = json.actions[0]!;
    assert.deepEqual(Object.keys(first.counts), ["blue", "green", "amber", "red", "unrated"]);
    for (const key of ["id", "title", "area", "lead", "counts", "derived", "override", "overall", "overdue"]) assert.ok(key in first, `actions[].${key}`);
    assert.deepEqual([first.lead.name, first.derived, first.override, first.overdue], ["Claire Merchant-Jones", "green", null, 1]);
  });

  it("status prints all ten actions as a readable table", async () => {
    const result = await runCli(["status", "--as-of", "2023-11-01"], env);
    assert.equal(result.code, 0, result.stderr);
    for (const row of SEED_003_TABLE) {
      const { blue, green, amber, red } = row.counts;
      const overall = row.overall[0]!.toUpperCase() + row.overall.slice(1);
      assert.match(result.stdout, new RegExp(`^${row.action.replace(".", "\\.")} .* ${blue}  ${green}  ${amber}  ${red}  +0  ${overall} `, "m"), `row ${row.action}`);
    }
  });

  it("status 1.2 shows the action with its five milestones", async () => {
    const result = await runCli(["status", "1.2", "--as-of", "2023-11-01", "--json"], env);
    const json = JSON.parse(result.stdout) as { action: { milestones: { id: string; daysOverdue: number | null }[]; overall: string } };
    assert.deepEqual(json.action.milestones.map((m) => [m.id, m.daysOverdue]), [["1.2.1", 185], ["1.2.2", null], ["1.2.3", null], ["1.2.4", 32], ["1.2.5", 32]]);
    assert.equal(json.action.overall, "red");
  });

  it("overdue, kpis, kpis 7 and risks answer from the stored plan", async () => {
    const overdue = JSON.parse((await runCli(["overdue", "--as-of", "2023-11-01", "--json"], env)).stdout) as { overdue: unknown[] };
    assert.equal(overdue.overdue.length, 15);
    const kpis = JSON.parse((await runCli(["kpis", "--as-of", "2023-11-01", "--json"], env)).stdout) as { kpis: { id: string }[] };
    assert.equal(kpis.kpis.length, 14);
    const kpi7 = await runCli(["kpis", "7", "--as-of", "2023-11-01"], env);
    assert.match(kpi7.stdout, /KPI 7: Rolling 12-month number of exclusions/);
    assert.match(kpi7.stdout, /6-month target \(1 Nov 2023\): 108\.8/);
    const risks = JSON.parse((await runCli(["risks", "--as-of", "2023-11-01", "--json"], env)).stdout) as { risks: unknown[]; dueForReview: string[] };
    assert.equal(risks.risks.length, 8);
  });

  it("a copy of the sample with KPI 1's 12-month target at 900% fails with that location and leaves the stored plan as it was", async () => {
    const before = (await runCli(["status", "--as-of", "2023-11-01", "--json"], env)).stdout;
    const bad = sampleJson();
    (bad.kpis[0] as { targets: { m12: unknown } }).targets.m12 = { value: 900 };
    bad.actions[0]!.milestones[0]!.title = "This must not be written";
    const file = join(dir, "bad.json");
    writeFileSync(file, JSON.stringify(bad, null, 2));
    const result = await runCli(["import", file], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /kpis\[0\]\.targets\.m12: 900% is above 100%/);
    assert.equal(result.stdout, "");
    assert.equal((await runCli(["status", "--as-of", "2023-11-01", "--json"], env)).stdout, before);
  });

  it("re-importing the same file reports no changes", async () => {
    const result = await runCli(["import", SAMPLE_PLAN], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /no changes/);
  });

  it("prompts --dry-run --json: each owner of an overdue milestone once, with delivery and skipped reasons; nothing is sent", async () => {
    const result = await runCli(["prompts", "--as-of", "2023-11-01", "--dry-run", "--json"], env);
    assert.equal(result.code, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { cycle: string; prompts: { owner: { id: string; name: string }; milestones: string[]; delivery: { via: string } }[]; skipped: { reason: string }[] };
    assert.equal(json.cycle, "2023-11");
    const owners = json.prompts.map((p) => p.owner.id);
    assert.equal(new Set(owners).size, owners.length, "one item per owner");
    assert.deepEqual(json.prompts.find((p) => p.owner.id === "gemma-reeves")?.milestones, ["1.2.1", "1.2.4"]);
    assert.ok(json.prompts.every((p) => p.delivery.via === "unreachable"), "nobody is linked in this store");
    assert.equal(json.skipped.filter((s) => s.reason === "blue").length, 19);
  });

  it("prompts (not a dry run) sends one cycle from the command line, and a second run sends nothing", async () => {
    const connector = new FakeConnector();
    await connector.start();
    const app = await openApp(testConfig({ tablePrefix: env.TABLE_PREFIX }), { longRunning: false, log: () => undefined });
    try {
      await app.links.link("somerset-app", "gemma-reeves", { aadObjectId: "aad-gemma", name: "Gemma Reeves", tenantId: "t1" }, "manual", "test");
      const reference = { channelId: "msteams", serviceUrl: connector.url, conversation: { id: "a:personal-gemma", conversationType: "personal", tenantId: "t1", isGroup: false, name: "" }, bot: { id: "28:bot", name: "Plan Tracker" }, user: { id: "29:gemma", name: "Gemma Reeves" } };
      await app.conversations.record("t1", "user|aad-gemma", { scope: "personal", installed: true, reference });
      const first = await runCli(["prompts", "--as-of", "2023-12-01", "--json"], env);
      assert.equal(first.code, 0, first.stderr);
      const report = JSON.parse(first.stdout) as { ran: boolean; sent: { ownerId: string; milestones: string[] }[]; unreachable: unknown[] };
      assert.equal(report.ran, true);
      assert.deepEqual(report.sent.find((s) => s.ownerId === "gemma-reeves")?.milestones.slice(0, 2), ["1.2.1", "1.2.2"]);
      assert.equal(connector.sent.filter((s) => s.conversationId === "a:personal-gemma").length, 1);
      assert.ok(report.unreachable.length > 0);
      const second = await runCli(["prompts", "--as-of", "2023-12-04", "--json"], env);
      assert.equal((JSON.parse(second.stdout) as { sent: unknown[] }).sent.length, 0);
      assert.equal(connector.sent.length, 1);
    } finally {
      await app.close();
      await connector.stop();
    }
  });

  it("digest --format json carries seed 003's counts and overall statuses; --format markdown renders them as a table", async () => {
    const json = await runCli(["digest", "--board", "send-partnership-board", "--as-of", "2023-11-01", "--format", "json"], env);
    assert.equal(json.code, 0, json.stderr);
    const digest = JSON.parse(json.stdout) as StatusJson & { board: { id: string }; overdue: unknown[]; kpis: unknown[]; risksDueForReview: unknown[]; changes: unknown };
    assert.equal(digest.board.id, "send-partnership-board");
    assert.deepEqual(
      digest.actions.map((a) => ({ action: a.id, counts: { blue: a.counts.blue, green: a.counts.green, amber: a.counts.amber, red: a.counts.red }, overall: a.overall })),
      SEED_003_TABLE,
    );
    // The same shape as status --json's actions.
    const status = JSON.parse((await runCli(["status", "--as-of", "2023-11-01", "--json"], env)).stdout) as StatusJson;
    assert.deepEqual(digest.actions, status.actions);
    assert.equal(digest.overdue.length, 15);
    const markdown = await runCli(["digest", "--board", "send-partnership-board", "--as-of", "2023-11-01", "--format", "markdown"], env);
    assert.equal(markdown.code, 0, markdown.stderr);
    assert.match(markdown.stdout, /^# SEND Partnership Board: digest/);
    assert.match(markdown.stdout, /\| Action \| B \| G \| A \| R \| Overall \|\n\| --- \| ---: \| ---: \| ---: \| ---: \| --- \|/);
    for (const row of SEED_003_TABLE) {
      const { blue, green, amber, red } = row.counts;
      assert.match(markdown.stdout, new RegExp(`\\| ${row.action.replace(".", "\\.")} [^|]+ \\| ${blue} \\| ${green} \\| ${amber} \\| ${red} \\| ${row.overall[0]!.toUpperCase()}${row.overall.slice(1)} \\|`), row.action);
    }
    const unknown = await runCli(["digest", "--board", "nope", "--as-of", "2023-11-01"], env);
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr, /There is no board "nope"/);
  });

  it("boards --json: each board's next meeting and digest date (the sample gives dates only for the DfE review)", async () => {
    const result = await runCli(["boards", "--as-of", "2023-11-01", "--json"], env);
    assert.equal(result.code, 0, result.stderr);
    const { boards } = JSON.parse(result.stdout) as { boards: { id: string; nextMeeting: string | null; digestOn: string | null; channel: unknown }[] };
    assert.deepEqual(boards.find((b) => b.id === "dfe-nhse-review"), { ...boards.find((b) => b.id === "dfe-nhse-review"), nextMeeting: "2024-01-04", digestOn: "2023-12-27", channel: null });
    assert.equal(boards.find((b) => b.id === "send-partnership-board")?.nextMeeting, null, "no meeting day in the seeds");
    const text = await runCli(["boards", "--as-of", "2023-11-01"], env);
    assert.match(text.stdout, /Progress review with DfE and NHS England\s+six-monthly\s+2024-01-04\s+2023-12-27\s+\(none\)/);
  });

  it("errors go to stderr with a non-zero exit", async () => {
    const unknown = await runCli(["status", "9.9"], env);
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr, /action 9\.9 is not in plan somerset-app/);
    const badDate = await runCli(["status", "--as-of", "2023-13-01"], env);
    assert.notEqual(badDate.code, 0);
    assert.match(badDate.stderr, /not a date/);
    const badConfig = await runCli(["status"], { ...env, TABLE_PREFIX: "9bad" });
    assert.equal(badConfig.code, 6);
    assert.match(badConfig.stderr, /TABLE_PREFIX: must start with a letter/);
  });

  it("update records a status with history, and refuses a bad one", async () => {
    const updated = await runCli(["update", "1.2.4", "--status", "green", "--note", "Guidance drafted", "--by", "Gemma Reeves"], env);
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, /Recorded 1\.2\.4: amber → green/);
    const history = JSON.parse((await runCli(["history", "1.2.4", "--json"], env)).stdout) as { newStatus: string; byName: string }[];
    assert.deepEqual(history.map((h) => [h.newStatus, h.byName]).slice(-1), [["green", "Gemma Reeves"]]);
    const bad = await runCli(["update", "1.2.4", "--status", "purple"], env);
    assert.equal(bad.code, 2);
    const link = await runCli(["update", "1.2.4", "--status", "green", "--evidence", "javascript:alert(1)"], env);
    assert.equal(link.code, 2);
  });
});

describe("plan-tracker CLI on the embedded default", function () {
  this.timeout(60_000);

  it("starts its own table store, loads the sample plan into it, and keeps the data between runs", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "plan-tracker-embedded-"));
    try {
      const env = { DATA_DIR: dataDir, EMBEDDED_TABLES_PORT: String(await freePort()) };
      const first = await runCli(["status", "--as-of", "2023-11-01", "--json"], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /Loaded the sample plan somerset-app/);
      assert.equal((JSON.parse(first.stdout) as StatusJson).actions.length, 10);
      const update = await runCli(["update", "1.6.2", "--status", "blue"], env);
      assert.equal(update.code, 0, update.stderr);
      const again = await runCli(["status", "1.6", "--json"], env);
      assert.doesNotMatch(again.stderr, /Loaded the sample plan/);
      const action = (JSON.parse(again.stdout) as { action: { counts: { blue: number } } }).action;
      assert.equal(action.counts.blue, 1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
