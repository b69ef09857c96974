import * as restify from "restify";
import { BOT_SDKS, createTeamsRuntime, type BotSdk } from "../src/teams/createRuntime";

/**
 * The benchmark's peer: the smallest bot on the Teams seam + restify that answers every message
 * with a small Adaptive Card, run as Plan Tracker runs (a process of its own, no app id, so no
 * authentication, replies to the activity's service URL), on the SDK BOT_SDK names (botbuilder
 * unless set). Through the seam, so that no file outside src/teams/ imports an SDK.
 * `node dist/bench/echoBot.js <port>`.
 */
const card = {
  type: "AdaptiveCard",
  $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
  version: "1.5",
  body: [
    { type: "TextBlock", text: "Status", weight: "Bolder", size: "Medium" },
    { type: "TextBlock", text: "You said something.", wrap: true },
  ],
  actions: [{ type: "Action.Submit", title: "Again", data: { command: "status" } }],
};

const sdk = (process.env.BOT_SDK || BOT_SDKS[0]) as BotSdk;

void createTeamsRuntime(sdk, { identity: { appType: "SingleTenant" }, onTurnError: async () => undefined }).then((runtime) => {
  const server = restify.createServer();
  server.use(restify.plugins.bodyParser());
  server.post("/api/messages", async (req, res) => {
    const answer = await runtime.process({ body: req.body as unknown, authorization: req.headers.authorization }, async (turn) => {
      if (turn.activity.type !== "message") return;
      const content = { ...card, body: [card.body[0], { ...card.body[1], text: `You said: ${turn.activity.text ?? ""}` }] };
      await turn.send({ attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content }] });
    });
    res.send(answer.status, answer.body);
  });
  server.get("/readyz", (_req, res, next) => {
    res.send(200, "ok");
    return next();
  });
  server.listen(Number(process.argv[2] ?? 3978), "127.0.0.1");
});
