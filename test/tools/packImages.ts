import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, runCli } from "../support/cli";
import { PROJECT_ROOT } from "../support/paths";

/**
 * The board pack's pages for README (part of `npm run screenshots`; alone: `npm run screenshots:pack`):
 * `plan-tracker report` writes the sample's pack at 1 November 2023 as Word, LibreOffice
 * (headless) turns it into PDF, pdftoppm the pages into PNG. Both are Debian packages
 * (`libreoffice-writer-nogui`, `poppler-utils`); README says how to install them.
 */
const OUT = join(PROJECT_ROOT, "docs", "images");

function need(command: string, pkg: string): void {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
  } catch {
    throw new Error(`${command} is not installed: apt-get install -y --no-install-recommends ${pkg}`);
  }
}

async function main(): Promise<void> {
  need("soffice", "libreoffice-writer-nogui");
  need("pdftoppm", "poppler-utils");
  const dir = mkdtempSync(join(tmpdir(), "plan-tracker-pack-"));
  try {
    const docx = join(dir, "pack.docx");
    const env = { DATA_DIR: join(dir, "data"), EMBEDDED_TABLES_PORT: String(await freePort()), SAMPLE_PLAN_FILE: join(PROJECT_ROOT, "data", "somerset-app.json") };
    const made = await runCli(["report", "--board", "send-partnership-board", "--as-of", "2023-11-01", "--format", "docx", "--out", docx], env);
    if (made.code !== 0) throw new Error(`plan-tracker report failed: ${made.stderr}`);
    // A profile of its own, so a LibreOffice the user has open is not disturbed.
    execFileSync("soffice", [`-env:UserInstallation=file://${join(dir, "profile")}`, "--headless", "--convert-to", "pdf", "--outdir", dir, docx], { stdio: "ignore" });
    const pdf = join(dir, "pack.pdf");
    execFileSync("pdftoppm", ["-png", "-r", "80", pdf, join(dir, "page")]);
    const pages = readdirSync(dir).filter((f) => /^page-\d+\.png$/.test(f)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
    const charts = pages.findIndex((_, i) => execFileSync("pdftotext", ["-f", String(i + 1), "-l", String(i + 1), pdf, "-"], { encoding: "utf8" }).includes("KPI measurements against their targets"));
    mkdirSync(OUT, { recursive: true });
    const chosen: [string, string | undefined][] = [
      ["report-1.png", pages[0]],
      ["report-2.png", pages[1]],
      ["report-kpis.png", pages[charts]],
    ];
    for (const [name, page] of chosen) if (page) copyFileSync(join(dir, page), join(OUT, name));
    process.stdout.write(`Wrote ${chosen.filter(([, p]) => p).map(([n]) => n).join(", ")} to docs/images (${pages.length} pages)\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
