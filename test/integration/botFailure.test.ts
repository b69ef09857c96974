import { strict as assert } from "node:assert";
import { startBot } from "../../src/index";
import { startTableServerProcess } from "../../src/storage/tableServerProcess";
import { FakeConnector } from "../support/fakeConnector";
import { admin, sampleText, testConfig } from "../support/testApp";

describe("an internal failure during a turn", function () {
  this.timeout(60_000);

  it("gets a brief apology with a reference id, and the error is logged with that id", async () => {
    const storage = await startTableServerProcess({ port: 0 });
    const connector = new FakeConnector();
    await connector.start();
    const logs: string[] = [];
    const config = testConfig({ tablesConnectionString: storage.connectionString });
    const bot = await startBot({ ...config, bot: { ...config.bot, port: 0 } }, (message, fields) => logs.push(JSON.stringify({ message, ...fields })));
    try {
      await bot.app.plans.importFile("somerset-app.json", sampleText(), admin);
      await storage.close(); // the table store goes away mid-life
      const response = await fetch(bot.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          type: "message", id: "m1", text: "status", channelId: "msteams", serviceUrl: connector.url,
          from: { id: "29:ann", aadObjectId: "aad-ann", name: "Ann" }, recipient: { id: "28:bot" },
          conversation: { id: "a:ann", conversationType: "personal", tenantId: "t" },
        }),
      });
      assert.notEqual(response.status, 401);
      const [apology] = await connector.waitFor(0, 1, 30_000);
      const reference = /reference to your plan admin: ([0-9a-f]{8})\./.exec(apology!.activity.text ?? "")?.[1];
      assert.ok(reference, apology!.activity.text);
      const logged = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
      assert.ok(logged.some((line) => line.message === "turn failed" && line.correlationId === reference && line.activityId === "m1" && line.level === "error"), logs.join("\n"));
      assert.ok(logged.some((line) => line.message === "turn" && line.correlationId === reference && line.outcome === "error" && line.command === "status"), logs.join("\n"));
      const base = bot.url.replace("/api/messages", "");
      assert.equal((await fetch(`${base}/readyz`)).status, 503, "not ready while storage does not answer");
      assert.equal((await fetch(`${base}/healthz`)).status, 200, "but the process is up");
    } finally {
      await bot.close();
      await connector.stop();
    }
  });
});
