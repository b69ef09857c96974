import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../support/paths";

/**
 * The Microsoft 365 Agents Toolkit fills ${{VAR}} placeholders from env/.env.<environment> (and
 * env/.env.<environment>.user for SECRET_ variables). An undefined one fails provision half-way,
 * in Azure; these tests catch it here.
 */

const read = (path: string) => readFileSync(join(PROJECT_ROOT, path), "utf8");

/** The names an env file defines (KEY=value lines). */
const definedIn = (path: string) => new Set([...read(path).matchAll(/^([A-Za-z_][A-Za-z0-9_]*)=/gm)].map((m) => m[1]!));

/** ${{VAR}} and ${{env:VAR}} placeholders in a file, as [environment or undefined, VAR]. */
const placeholders = (path: string): [string | undefined, string][] =>
  [...read(path).matchAll(/\$\{\{(?:([a-z]+):)?([A-Za-z_][A-Za-z0-9_]*)\}\}/g)].map((m) => [m[1], m[2]!]);

/** Which environments read each file: the manifest and VS Code's files serve both. */
const FILES: Record<string, string[]> = {
  "m365agents.yml": ["dev"],
  "infra/main.parameters.json": ["dev"],
  "m365agents.local.yml": ["local"],
  "appPackage/manifest.json": ["dev", "local"],
  ".vscode/launch.json": ["local"],
  ".vscode/tasks.json": ["local"],
};

describe("Agents Toolkit files (m365agents*.yml, env/, .vscode/)", () => {
  it("defines every ${{VAR}} of the manifest, the yml files and the Bicep parameters in the env files", () => {
    const missing: string[] = [];
    for (const [file, environments] of Object.entries(FILES)) {
      for (const [only, name] of placeholders(file)) {
        for (const environment of only ? [only] : environments) {
          // Secrets are written to the git-ignored .user file by provision, never committed.
          if (name.startsWith("SECRET_")) continue;
          if (!definedIn(`env/.env.${environment}`).has(name)) missing.push(`${file}: \${{${name}}} is not in env/.env.${environment}`);
        }
      }
    }
    assert.deepEqual(missing, []);
  });

  it("keeps secrets out of the committed env files, and git ignores the .user files they go to", () => {
    for (const environment of ["dev", "local"]) {
      const secrets = [...definedIn(`env/.env.${environment}`)].filter((name) => /SECRET|PASSWORD|KEY|CONNECTION_STRING/.test(name));
      assert.deepEqual(secrets, [], `env/.env.${environment}`);
    }
    const ignored = read(".gitignore").split("\n");
    for (const pattern of ["env/.env.*.user", ".localConfigs"]) assert.ok(ignored.includes(pattern), `.gitignore has ${pattern}`);
    const local = read("m365agents.local.yml");
    assert.match(local, /clientSecret: SECRET_BOT_PASSWORD/, "the local bot's secret goes to a SECRET_ variable (the .user file)");
  });

  it("the yml files name the Toolkit's schema version and the bot's single-tenant registration", () => {
    for (const file of ["m365agents.yml", "m365agents.local.yml"]) assert.match(read(file), /^version: v1\.11$/m, file);
    assert.match(read("m365agents.local.yml"), /signInAudience: AzureADMyOrg/);
    assert.match(read("m365agents.yml"), /path: \.\/infra\/main\.bicep/);
  });
});
