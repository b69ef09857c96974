import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import * as restify from "restify";

/**
 * The benchmark's peer: the smallest botbuilder + restify bot that answers every message
 * with a small Adaptive Card, run as Plan Tracker runs (a process of its own, no app id, so
 * no authentication, replies to the activity's service URL). `node dist/bench/echoBot.js <port>`.
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

class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity({ attachments: [CardFactory.adaptiveCard({ ...card, body: [card.body[0], { ...card.body[1], text: `You said: ${context.activity.text ?? ""}` }] })] });
      await next();
    });
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new EchoBot();
const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post("/api/messages", async (req, res) => adapter.process(req, res, (context) => bot.run(context)));
server.get("/readyz", (_req, res, next) => {
  res.send(200, "ok");
  return next();
});
server.listen(Number(process.argv[2] ?? 3978), "127.0.0.1");
