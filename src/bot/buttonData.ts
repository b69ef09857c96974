import { z } from "zod";

/**
 * Button data is untrusted. Teams sends a button's own data merged with the values of
 * every input on its card (status_1_2_4, note_1_2_4, …): those are allowed, as strings;
 * any other field, or a missing one, is refused.
 */
const CARD_INPUT = /^(status|note|revisedDue|evidence|remindOn|reason|commentary|value|part|date|link|likelihood|impact|progress|mitigation|text|rating)_[A-Za-z0-9_]{1,64}$/;

export function buttonData<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.looseObject(shape).superRefine((data, context) => {
    for (const [key, value] of Object.entries(data)) {
      if (Object.hasOwn(shape, key)) continue;
      if (!CARD_INPUT.test(key)) context.addIssue({ code: "custom", path: [key], message: "not a field this button sends" });
      else if (typeof value !== "string") context.addIssue({ code: "custom", path: [key], message: "a card input is text" });
    }
  });
}

/** What a command button sends: the command, answered as if typed. */
export const commandButtonSchema = buttonData({ command: z.string().trim().min(1).max(200) });

/** What every button on a milestone card sends besides its inputs. */
export const milestoneButtonSchema = buttonData({
  milestoneId: z.string().trim().min(1).max(64),
  // A non-negative integer, or its digits as text (a card template may stringify it). Nothing is coerced:
  // true, null, [] or "" are malformed, not version 1 or 0.
  version: z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,15}$/).transform(Number)]),
  idempotencyKey: z.string().min(8).max(64),
});

/** What the milestone card's refresh action carries: the milestones it shows. */
export const refreshButtonSchema = buttonData({ milestoneIds: z.array(z.string().trim().min(1).max(64)).min(1).max(50) });
