import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { expandCard, messageCard, type CardReply } from "../../src/cards/cards";
import { milestoneUpdateCard } from "../../src/cards/milestoneUpdateCard";
import { importDryRunCard } from "../../src/cards/importCard";
import { reassignChooseCard, reassignConfirmCard } from "../../src/cards/reassignCard";
import { forgetConfirmCard } from "../../src/cards/forgetCard";
import { peopleCommand } from "../../src/bot/commands/people";
import { recommendationMilestoneForm } from "../../src/cards/recommendationMilestoneCard";
import { externalReviews } from "../../src/domain/externalReviews";
import { BUTTONS, COMMANDS, findButton, findCommandNamed, helpEntries, manifestCommandLists } from "../../src/bot/commandTable";
import { parseCommand } from "../../src/bot/parseCommand";
import { helpCommand } from "../../src/bot/commands/help";
import { statusCommand } from "../../src/bot/commands/status";
import { risksCommand } from "../../src/bot/commands/risks";
import { actionWithOverride, commentaryCommand, kpiWithForm, qiWithForm, riskWithForm } from "../../src/bot/commands/records";
import { planSchema } from "../../src/domain/plan";
import { viewOfPlan } from "../../src/domain/view";
import { parseCommand as legacyParseCommand, type Command } from "../support/legacyParseCommand";
import { PROJECT_ROOT, SAMPLE_PLAN } from "../support/paths";

const view = viewOfPlan(planSchema.parse(JSON.parse(readFileSync(SAMPLE_PLAN, "utf8"))));
const context = { view, asOf: "2023-11-01", user: { name: "Ann" } };

/** The legacy parser's answer in the table's terms: command name and arguments. */
function legacy(text: string): { name: string; args: Record<string, unknown> } {
  const { name, ...args } = legacyParseCommand(text) as Command & Record<string, unknown>;
  return name === "empty" ? { name: "help", args: {} } : { name, args };
}

/** Every Action.Execute in a card (and its Action.Submit fallback), with the data Teams would send: its data merged with the card's inputs. */
function buttonsOf(card: Record<string, unknown>): { verb: string; data: Record<string, unknown>; fallback?: Record<string, unknown> }[] {
  const inputs: Record<string, string> = {};
  const found: { verb: string; data: Record<string, unknown>; fallback?: Record<string, unknown> }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === "object") {
      const item = node as Record<string, unknown>;
      if (typeof item.type === "string" && item.type.startsWith("Input.") && typeof item.id === "string") inputs[item.id] = typeof item.value === "string" ? item.value : "";
      if (item.type === "Action.Execute") found.push({ verb: item.verb as string, data: item.data as Record<string, unknown>, fallback: (item.fallback as { data?: Record<string, unknown> } | undefined)?.data });
      Object.values(item).forEach(walk);
    }
  };
  walk(card);
  return found.map((b) => ({ ...b, data: { ...b.data, ...inputs }, fallback: b.fallback && { ...b.fallback, ...inputs } }));
}

describe("the command table", () => {
  it("declares each command and each verb once", () => {
    assert.equal(new Set(COMMANDS.map((c) => c.name)).size, COMMANDS.length);
    assert.equal(new Set(BUTTONS.map((b) => b.verb)).size, BUTTONS.length);
  });

  it("every command appears in help, with its first example", () => {
    const card = JSON.stringify(expandCard(helpCommand(context, helpEntries())));
    for (const command of COMMANDS) assert.ok(card.includes(JSON.stringify(command.examples[0])), `${command.name} is not in help`);
  });

  it("every example of a command is read as that command, with the slots it declares", () => {
    for (const command of COMMANDS) {
      for (const example of command.examples) {
        const parsed = parseCommand(example, { plan: view.plan, asOf: "2023-11-01" });
        assert.equal(parsed.command.name, command.name, example);
        for (const slot of Object.keys(parsed.args)) assert.ok(Object.hasOwn(command.slots, slot), `${example}: ${slot} is not a declared slot of ${command.name}`);
      }
    }
  });

  it("every manifest command is in the table, and the manifest's lists are the table's", () => {
    const manifest = JSON.parse(readFileSync(resolve(PROJECT_ROOT, "appPackage", "manifest.json"), "utf8")) as { bots: { commandLists: { scopes: string[]; commands: { title: string }[] }[] }[] };
    for (const list of manifest.bots[0]!.commandLists) {
      for (const { title } of list.commands) {
        const declaring = COMMANDS.find((c) => c.manifest?.some((m) => m.title === title));
        assert.ok(declaring, `${title} is in the manifest but no command declares it`);
        assert.equal(parseCommand(title).command.name, declaring.name, `typing "${title}" reaches ${declaring.name}`);
        for (const scope of list.scopes) assert.ok(scope === "team" ? declaring.scopes.includes("channel") : declaring.scopes.includes(scope as never), `${title} is offered in ${scope} but not usable there`);
      }
    }
    assert.deepEqual(manifest.bots[0]!.commandLists, manifestCommandLists(), "appPackage/manifest.json's command lists are generated from the table: copy manifestCommandLists() into it");
  });

  it("reads every text exactly as the parser before the table did", () => {
    // Commands added since have phrasings the old parser read as searches.
    const before = new Set(["help", "status", "action", "mine", "overdue", "kpis", "kpi", "risks", "find", "people", "update", "link", "boards", "digest", "digestHere"]);
    const texts = [
      ...COMMANDS.filter((c) => before.has(c.name)).flatMap((c) => c.examples),
      "", "  ", "?", "Help", "HELLO!", "what can you do?", "Mine", "my work.", "Late", "what's overdue?", "KPIs", "kpi status", "kpi 7", "KPI7", "kpi 123", "kpi 5a",
      "Risk", "risk register", "risks please", "people", "People?", "Boards", "board meetings", "meetings",
      "digest", "digest here", "Digest here for SEND-Partnership-Board", "digest here now", "digest for children-and-families-board", "Digest Children",
      "update 1.2.4", "update 1.2", "Update 12.34.56", "update 1.2.4 now", "link Gemma Reeves to @Gemma", "LINK gemma to", "link to @x", "link x to", "linked to",
      "find autism", "Find autism", "search  Outcome   Star", "search", "find", "status", "Status 1.2", "STATUS", "progress", "plan", "summary", "1.2", "12.34", "1.2.3",
      "action 1.2", "how is 1.2 doing?", "How's 2.4 going", "show 1.6", "show me 1.6", "1.2 doing", "status 1.2 please", "autism", "xyzzy plugh", "how is kpi 7",
    ];
    // The recognizer (issue 20) understands much of what the old parser searched for; what it read as a command reads the same,
    // except "digest <words>", whose words are now read as a board only when they name one ("digest here now" is the digest,
    // and "Digest Children" asks which of the two Children and Families boards).
    const nowUnderstood = new Set(["digest here now", "Digest Children"]);
    for (const text of texts.filter((t) => legacy(t).name !== "find" && !nowUnderstood.has(t))) {
      const parsed = parseCommand(text, { plan: view.plan, asOf: "2023-11-01" });
      assert.deepEqual({ name: parsed.command.name, args: parsed.args }, legacy(text), JSON.stringify(text));
    }
  });

  it("every admin-only command names what is refused in its declaration", () => {
    const admin = COMMANDS.filter((c) => c.access.who === "admin");
    assert.deepEqual(admin.map((c) => c.name).sort(), ["admins", "changeAdmin", "digestHere", "forget", "link", "linkByEmail", "people", "reassign", "recommendationMilestone", "usePlanHere"]);
    for (const command of admin) assert.ok("to" in command.access && command.access.to.length > 0);
  });

  it("the plan commands (issue 18) are read from their exact phrasings, and the plan they name is their plan", () => {
    const read = (text: string) => {
      const parsed = parseCommand(text);
      return [parsed.command.name, parsed.args];
    };
    assert.deepEqual(read("plans"), ["plans", {}]);
    assert.deepEqual(read("plan northshire-wsoa"), ["choosePlan", { planId: "northshire-wsoa" }]);
    assert.deepEqual(read("switch to plan somerset-app"), ["choosePlan", { planId: "somerset-app" }]);
    assert.deepEqual(read("use plan northshire-wsoa here"), ["usePlanHere", { planId: "northshire-wsoa" }]);
    assert.deepEqual(read("admins"), ["admins", {}]);
    assert.deepEqual(read("admin add"), ["changeAdmin", { change: "add" }]);
    assert.deepEqual(read("admin remove"), ["changeAdmin", { change: "remove" }]);
    assert.deepEqual(read("link by email"), ["linkByEmail", {}]);
    // "plan" alone is still the status table; "plan status" is not a plan called "status".
    assert.equal(read("plan")[0], "status");
    assert.notEqual(read("plan status")[0], "choosePlan");
    assert.deepEqual(COMMANDS.filter((c) => c.plan?.from === "slot").map((c) => c.name), ["choosePlan", "usePlanHere"]);
  });

  it("commands that write have an exact phrasing and are not open to anyone", () => {
    for (const command of COMMANDS.filter((c) => c.writes)) {
      assert.notEqual(command.access.who, "anyone", command.name);
      assert.ok(command.phrasings.every((p) => p.regex.source.startsWith("^")), command.name);
    }
  });

  it("FALLBACK and EMPTY name commands of the table", () => {
    assert.equal(parseCommand("no command at all").command, findCommandNamed("find"));
    assert.equal(parseCommand("").command, findCommandNamed("help"));
  });
});

/** Each record form with its buttons: KPI, risk review, QI finding, commentary, override. */
function recordCards(): CardReply[] {
  const admin = { ...context, planId: "somerset-app", isAdmin: true, personId: undefined } as unknown as Parameters<typeof kpiWithForm>[0];
  return [kpiWithForm(admin, "KPI 7"), riskWithForm(admin, "R3"), qiWithForm(admin, "a1-qi3"), commentaryCommand(admin), actionWithOverride(admin, "1.2"), risksCommand(context)];
}

describe("the card buttons", () => {
  for (const button of BUTTONS) {
    describe(button.verb, () => {
      it("accepts the data it declares, with its card's inputs", () => {
        assert.ok(button.schema.safeParse(button.example).success);
        assert.ok(button.schema.safeParse({ ...button.example, status_1_2_4: "amber", note_1_2_4: "", reason_1_2_4: "" }).success);
      });

      it("refuses an extra field", () => {
        for (const extra of [{ admin: true }, { verb: button.verb }, { status_1_2_4: 3 }, { __proto__x: "x" }]) {
          assert.equal(button.schema.safeParse({ ...button.example, ...extra }).success, false, JSON.stringify(extra));
        }
      });

      it("refuses each missing field", () => {
        for (const key of Object.keys(button.example)) {
          const { [key]: _missing, ...rest } = button.example;
          assert.equal(button.schema.safeParse(rest).success, false, `without ${key}`);
        }
        assert.equal(button.schema.safeParse(undefined).success, false);
        assert.equal(button.schema.safeParse("status").success, false);
      });
    });
  }

  it("the data of every button on the cards Plan Tracker sends passes its verb's schema (Action.Execute and the Action.Submit fallback)", () => {
    const cards: CardReply[] = [
      milestoneUpdateCard(view, ["1.2.4", "1.2.5", "2.4.1"], "2023-11-01"),
      statusCommand(context),
      helpCommand(context, helpEntries()),
      messageCard("x"),
      // The record forms, as their owners and plan admins see them.
      ...recordCards(),
      // A plan file's dry run, with Confirm import (and a field changed in the app that the file would undo).
      importDryRunCard("northshire-wsoa.json", { planId: "northshire-wsoa", newPlan: true, added: [{ kind: "milestone", id: "1.1.1" }], changed: [], removed: [], statusesKept: [], conflicts: [{ kind: "action", id: "1.1", field: "lead", appValue: "rose-firth", fileValue: "claire-merchant-jones", byName: "Ada", at: "2026-11-29T10:00:00.000Z", kept: "app" }] }, {
        target: "northshire-wsoa", fileName: "northshire-wsoa.json", url: "https://contoso-my.sharepoint.com/personal/ada/Documents/northshire-wsoa.json", sha256: "a".repeat(64), expectedHead: "new",
      }),
      // reassign's confirmation, with Confirm reassign (the reason is the card's input).
      reassignConfirmCard({ planId: "somerset-app", from: { id: "claire-merchant-jones", name: "Claire Merchant-Jones" }, to: { id: "rose-firth", name: "Rose Firth" }, moves: ["action 1.1 (lead)"], done: false }, "left"),
      // `reassign <person>` (a gone person's Reassign button on `people`): who takes over, then Show what would move.
      reassignChooseCard({ id: "claire-merchant-jones", name: "Claire Merchant-Jones" }, view.plan.people, ""),
      // The people card with a gone person and their Reassign button.
      peopleCommand(context, [], new Set(), new Map(), [], new Map([["claire-merchant-jones", "removed from the team Plan Tracker is installed in"]])),
      // forget's confirmation, with Confirm forget.
      forgetConfirmCard({ id: "claire-merchant-jones", name: "Claire Merchant-Jones" }, { teamsName: "Claire M-J", aadObjectId: "aad-claire" }, "somerset-app"),
      // A review's recommendation made a milestone: the form, with Add milestone (its inputs are the card's).
      recommendationMilestoneForm(view.plan, externalReviews(view, "2024-01-15")[0]!, externalReviews(view, "2024-01-15")[0]!.recommendations[0]!),
    ];
    let checked = 0;
    for (const reply of cards) {
      const card = expandCard({ ...reply, data: { ...reply.data, refresh: reply.data.refresh && { ...(reply.data.refresh as object), userIds: ["29:someone"] } } });
      for (const { verb, data, fallback } of buttonsOf(card)) {
        const button = findButton(verb);
        assert.ok(button, `no verb ${verb} in the table`);
        const parsed = button.schema.safeParse(data);
        assert.ok(parsed.success, `${verb}: ${JSON.stringify(data)}: ${parsed.error?.message}`);
        if (fallback) {
          const { verb: fallbackVerb, ...rest } = fallback;
          if (fallbackVerb !== undefined) assert.equal(fallbackVerb, verb);
          assert.ok(button.schema.safeParse(rest).success, `${verb} fallback: ${JSON.stringify(rest)}`);
        }
        checked++;
      }
    }
    assert.ok(checked > 10, `${checked} buttons checked`);
    const verbs = new Set(cards.flatMap((reply) => buttonsOf(expandCard(reply)).map((b) => b.verb)));
    assert.deepEqual([...verbs].sort(), BUTTONS.map((b) => b.verb).sort(), "every verb is on a card");
  });
});
