import { strict as assert } from "node:assert";
import { COMMANDS } from "../../src/bot/commandTable";
import { textOf } from "../../src/domain/recognize/readingText";
import { recognize, type Recognition } from "../../src/domain/recognize/recognize";
import { planSchema } from "../../src/domain/plan";
import { sampleText } from "../support/testApp";
import { PHRASINGS } from "./phrasings";

const plan = planSchema.parse(JSON.parse(sampleText()));
const AS_OF = "2023-11-01";
/** The recognizer as the bot drives it: from the command table's declarations. */
const RECOGNIZABLE_COMMANDS = COMMANDS.filter((c) => c.recognizer && !c.writes).map((c) => ({ name: c.name, examples: c.examples, ...c.recognizer! }));

/** A recognition in the table's notation. */
function described(recognition: Recognition): string {
  if (recognition.kind === "command") return textOf(recognition.reading, plan);
  if (recognition.kind === "fallback") return "search";
  return `? ${recognition.readings.map((r) => textOf(r, plan)).sort().join(" | ")}`;
}

const expected = (answer: string) => (answer.startsWith("? ") ? `? ${answer.slice(2).split(" | ").sort().join(" | ")}` : answer);

describe("the recognizer: how people ask (sample plan at 2023-11-01)", () => {
  it("has at least 200 phrasings, 30 of them answered with a question back", () => {
    assert.ok(PHRASINGS.length >= 200, `${PHRASINGS.length} phrasings`);
    assert.ok(PHRASINGS.filter(([, answer]) => answer.startsWith("? ")).length >= 30);
    assert.equal(new Set(PHRASINGS.map(([text]) => text)).size, PHRASINGS.length, "a phrasing is listed twice");
  });

  for (const [text, answer] of PHRASINGS) {
    it(`"${text}" → ${answer}`, () => {
      assert.equal(described(recognize(text, RECOGNIZABLE_COMMANDS, plan, AS_OF)), expected(answer));
    });
  }

  it("reads every button it offers as the reading it stands for", () => {
    for (const [text] of PHRASINGS) {
      const recognition = recognize(text, RECOGNIZABLE_COMMANDS, plan, AS_OF);
      const readings = recognition.kind === "command" ? [recognition.reading] : recognition.kind === "clarify" ? recognition.readings : recognition.nearest;
      for (const reading of readings) {
        const again = recognize(textOf(reading, plan), RECOGNIZABLE_COMMANDS, plan, AS_OF);
        assert.equal(again.kind, "command", `"${textOf(reading, plan)}" (from "${text}") is not read as one command`);
        assert.equal(textOf(again.reading, plan), textOf(reading, plan));
      }
    }
  });

  it("never lets a slip turn one command word into its neighbour", () => {
    const read = (text: string) => described(recognize(text, RECOGNIZABLE_COMMANDS, plan, AS_OF));
    assert.equal(read("risk"), "risks");
    assert.equal(read("risks"), "risks");
    assert.equal(read("kpi"), "kpis");
    assert.equal(read("plans"), "search");
    assert.equal(read("plan"), "status");
    assert.equal(read("admins"), "search");
  });
});
