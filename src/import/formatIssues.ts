import type { z } from "zod";

/** `kpis[0].targets.m12` from zod's path ["kpis", 0, "targets", "m12"]. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) => (typeof part === "number" ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
    .join("");
}

/** One line per problem, each starting with where it is. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ""): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const where = prefix && path ? `${prefix}.${path}` : prefix || path || "(file)";
    return `${where}: ${issue.message}`;
  });
}
