/**
 * Results of pure computations remembered against the (immutable) object they were computed
 * from: a plan view is shared by every answer for a couple of seconds (PlanService), so the
 * summaries of fifty simultaneous questions are worked out once. Forgotten with the object.
 */
const results = new WeakMap<object, Map<string, unknown>>();

export function memoOn<T>(owner: object, key: string, compute: () => T): T {
  let byKey = results.get(owner);
  if (!byKey) {
    byKey = new Map();
    results.set(owner, byKey);
  }
  if (byKey.has(key)) return byKey.get(key) as T;
  const value = compute();
  byKey.set(key, value);
  return value;
}
