import { createRequire } from "node:module";

/**
 * A library loaded the first time it is used rather than when the module that uses it is:
 * loading a large library blocks the process, and the bot's own start (up to /readyz) should
 * not wait for ones a turn needs only later. `loadDeferredModules` loads every one declared so
 * far, for the bot to call once it is ready, so that a turn rarely pays for it.
 */
const load = createRequire(__filename);
const declared: (() => unknown)[] = [];

export function deferredModule<T>(name: string): () => T {
  let loaded: T | undefined;
  const get = () => (loaded ??= load(name) as T);
  declared.push(get);
  return get;
}

/** Loads every deferred library now (the bot calls this once it is ready). */
export function loadDeferredModules(): void {
  for (const get of declared) get();
}
