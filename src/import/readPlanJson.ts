import { count } from "../domain/plural";
import { PlanTrackerError } from "../errors";
import { planSchema, type Plan } from "../domain/plan";
import { formatIssues } from "./formatIssues";

/** Where a JSON syntax error is, as "line 12, column 5", from V8's "at position N". */
function syntaxErrorLocation(text: string, error: SyntaxError): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (position === undefined) return error.message;
  const before = text.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return `line ${line}, column ${column}: ${error.message.replace(/ in JSON at position \d+.*$/, "")}`;
}

/** Parses and validates a JSON plan; every problem is reported at once, with its location. */
export function readPlanJson(text: string, fileName: string): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    throw new PlanTrackerError("invalid-input", `${fileName} is not valid JSON`, [syntaxErrorLocation(text, error)]);
  }
  const result = planSchema.safeParse(data);
  if (!result.success) {
    const problems = formatIssues(result.error.issues);
    throw new PlanTrackerError("invalid-input", `${fileName} has ${count(problems.length, "problem")}; nothing was imported`, problems);
  }
  return result.data;
}
