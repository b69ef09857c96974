import { strict as assert } from "node:assert";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEED_003_TABLE } from "../fixtures/seed003ProgressTable";
import { runCli } from "../support/cli";
import { readDocx, readXlsx } from "../support/officeFiles";
import { testConnectionString, uniquePrefix } from "../support/testApp";
import { SAMPLE_PLAN } from "../support/paths";

describe("plan-tracker report", function () {
  this.timeout(90_000);
  let env: Record<string, string>;
  let dir: string;
  const BOARD = ["--board", "send-partnership-board", "--as-of", "2023-11-01"];

  before(async () => {
    env = { AZURE_TABLES_CONNECTION_STRING: testConnectionString(), TABLE_PREFIX: uniquePrefix() };
    dir = mkdtempSync(join(tmpdir(), "plan-tracker-report-"));
    const imported = await runCli(["import", SAMPLE_PLAN], env);
    assert.equal(imported.code, 0, imported.stderr);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it("--format docx writes a Word document whose tables carry seed 003's figures, with KPI charts", async () => {
    const out = join(dir, "pack.docx");
    const result = await runCli(["report", ...BOARD, "--format", "docx", "--out", out], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^Wrote .*pack\.docx \([\d,]+ bytes\)\.\n$/);
    const docx = await readDocx(readFileSync(out));
    const rows = docx.tables.filter((t) => t[0]?.[0] === "Action").flatMap((t) => t.slice(1));
    assert.deepEqual(
      rows.map((r) => ({ action: r[0]!.split(" ")[0], counts: { blue: Number(r[1]), green: Number(r[2]), amber: Number(r[3]), red: Number(r[4]) }, overall: r[5]!.toLowerCase() })),
      SEED_003_TABLE,
    );
    assert.ok(docx.altTexts.filter((t) => t.startsWith("Line chart of KPI")).length >= 10);
    assert.deepEqual(readdirSync(dir), ["pack.docx"], "no temporary file left beside it");
  });

  it("--format xlsx writes a workbook that exceljs opens, with seed 003's table on Actions", async () => {
    const out = join(dir, "pack.xlsx");
    const result = await runCli(["report", ...BOARD, "--format", "xlsx", "--out", out], env);
    assert.equal(result.code, 0, result.stderr);
    const book = await readXlsx(readFileSync(out));
    const rows = book.getWorksheet("Actions")!.getSheetValues().slice(2) as unknown[][];
    assert.deepEqual(rows.map((r) => ({ action: r[3], counts: { blue: r[5], green: r[6], amber: r[7], red: r[8] }, overall: String(r[9]).toLowerCase() })), SEED_003_TABLE);
  });

  it("R3 escalated at the command line is in the Children and Families Board's pack, Word and Excel, once", async () => {
    const escalated = await runCli(["escalate", "R3", "--to", "children-and-families-board", "--because", "Recruitment gaps need ICS support", "--date", "2024-01-10"], env);
    assert.equal(escalated.code, 0, escalated.stderr);
    const pack = ["report", "--board", "children-and-families-board", "--as-of", "2024-01-15"];
    const docxOut = join(dir, "children.docx");
    const xlsxOut = join(dir, "children.xlsx");
    for (const [format, out] of [["docx", docxOut], ["xlsx", xlsxOut]]) {
      const result = await runCli([...pack, "--format", format!, "--out", out!], env);
      assert.equal(result.code, 0, result.stderr);
    }
    const docx = await readDocx(readFileSync(docxOut));
    assert.ok(docx.paragraphs.includes("Escalated to this board (1)"));
    const escalations = docx.tables.find((t) => t[0]?.[0] === "Risk or issue")!;
    assert.deepEqual(escalations.slice(1).map((r) => [r[0], r[2], r[6]]), [["R3", "SEND Partnership Board", "Recruitment gaps need ICS support"]]);
    const sheet = (await readXlsx(readFileSync(xlsxOut))).getWorksheet("Escalated to this board")!;
    assert.deepEqual((sheet.getSheetValues().slice(2) as unknown[][]).map((r) => [r[1], r[3]]), [["R3", "SEND Partnership Board"]]);
    const deescalated = await runCli(["de-escalate", "R3", "--date", "2024-01-12"], env);
    assert.equal(deescalated.code, 0, deescalated.stderr);
    const after = await runCli([...pack, "--format", "docx", "--out", docxOut], env);
    assert.equal(after.code, 0, after.stderr);
    assert.ok((await readDocx(readFileSync(docxOut))).paragraphs.includes("Escalated to this board (0)"));
    rmSync(docxOut);
    rmSync(xlsxOut);
  });

  it("bad input: a clear message, exit 2, and no file", async () => {
    const cases: { args: string[]; message: RegExp }[] = [
      { args: ["report", "--board", "no-such-board", "--as-of", "2023-11-01", "--out", join(dir, "a.docx")], message: /no board "no-such-board".*send-partnership-board/ },
      { args: ["report", ...BOARD, "--out", join(dir, "missing", "b.docx")], message: /--out: the folder .*missing does not exist/ },
      { args: ["report", "--board", "send-partnership-board", "--as-of", "2023-13-45", "--out", join(dir, "c.docx")], message: /--as-of "2023-13-45" is not a date/ },
      { args: ["report", ...BOARD, "--format", "pdf", "--out", join(dir, "d.pdf")], message: /--format "pdf" is not one of docx, xlsx/ },
    ];
    for (const { args, message } of cases) {
      const result = await runCli(args, env);
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.match(result.stderr, message);
    }
    for (const name of ["a.docx", "c.docx", "d.pdf"]) assert.equal(existsSync(join(dir, name)), false, name);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
  });
});
