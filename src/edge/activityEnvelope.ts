import { z } from "zod";

/**
 * The least an activity must be before any handler sees it: an object with a string
 * `type`. Everything else is checked where it is used (commands, card data), so unknown
 * fields pass through.
 */
const envelopeSchema = z.looseObject({
  type: z.string({ error: "activity.type must be a string" }).min(1, "activity.type must not be empty").max(100, "activity.type is too long"),
  id: z.string({ error: "activity.id must be a string" }).max(1000, "activity.id is too long").optional(),
  serviceUrl: z.string({ error: "activity.serviceUrl must be a string" }).max(2000, "activity.serviceUrl is too long").optional(),
});

export type ActivityEnvelope = z.output<typeof envelopeSchema>;

export function parseActivityEnvelope(value: unknown): { ok: true; activity: ActivityEnvelope } | { ok: false; reason: string } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { ok: false, reason: "the body must be an activity (a JSON object)" };
  const parsed = envelopeSchema.safeParse(value);
  if (parsed.success) return { ok: true, activity: parsed.data };
  return { ok: false, reason: parsed.error.issues[0]?.message ?? "the activity is malformed" };
}

/** Hosts a local (unauthenticated) bot may reply to: this machine, where Agents Playground runs (http://localhost:56150/_connector). */
export function isLoopbackServiceUrl(serviceUrl: string | undefined): boolean {
  if (serviceUrl === undefined || !URL.canParse(serviceUrl)) return false;
  const { protocol, hostname } = new URL(serviceUrl);
  if (protocol !== "http:" && protocol !== "https:") return false;
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
