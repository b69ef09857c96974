import { z } from "zod";

/**
 * The least an activity must be before either SDK sees it: a type and a conversation. botbuilder
 * throws on a missing type (a 500) and the Agents SDK refuses a missing conversation; checked
 * here, both answer 400 with the same reason.
 */
const activityShape = z.looseObject({
  type: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1) }),
});

/** Why a request body is not an activity, or undefined when it is one. */
export function malformedActivity(body: unknown): string | undefined {
  const parsed = activityShape.safeParse(body);
  if (parsed.success) return undefined;
  return `not a Bot Framework activity: ${parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"} ${issue.message.toLowerCase()}`).join("; ")}`;
}
