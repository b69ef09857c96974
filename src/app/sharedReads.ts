/**
 * Reads shared by everyone who asks while one is running, and reused for `freshForMs` after
 * it lands (0: shared only while running). A failed read is not kept.
 */
export class SharedReads<T> {
  private readonly entries = new Map<string, { promise: Promise<T>; loadedAt?: number }>();

  constructor(private readonly freshForMs: number) {}

  get(key: string, load: () => Promise<T>, options: { fresh?: boolean } = {}): Promise<T> {
    const entry = this.entries.get(key);
    if (!options.fresh && entry && (entry.loadedAt === undefined || Date.now() - entry.loadedAt < this.freshForMs)) return entry.promise;
    const next: { promise: Promise<T>; loadedAt?: number } = { promise: load() };
    this.entries.set(key, next);
    next.promise.then(
      () => (next.loadedAt = Date.now()),
      () => this.entries.get(key) === next && this.entries.delete(key),
    );
    return next.promise;
  }

  /** What this process last read, if it has finished reading it (undefined while a read runs). */
  async settled(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    return entry?.loadedAt !== undefined ? entry.promise : undefined;
  }

  forget(key?: string): void {
    if (key === undefined) this.entries.clear();
    else this.entries.delete(key);
  }
}
