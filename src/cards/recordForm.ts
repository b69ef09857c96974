import { randomUUID } from "node:crypto";

/**
 * What a record form shows besides its fields: what was typed (a refused submission comes
 * back with it), why it was refused, or what was recorded; and the key that makes a
 * double click or a retried invoke count once.
 */
export interface FormState {
  values?: Record<string, string | undefined>;
  problems?: string[];
  confirmation?: string;
  idempotencyKey?: string;
}

export function formCommon(state: FormState = {}) {
  return {
    problems: state.problems ?? [],
    confirmation: state.confirmation ?? "",
    // A refused submission keeps its key: nothing was written, and the retry is the same request.
    idempotencyKey: state.idempotencyKey ?? randomUUID(),
  };
}

export const typed = (state: FormState | undefined, field: string, fallback = ""): string => state?.values?.[field] ?? fallback;
