/** Latency figures of a run: milliseconds, nearest-rank percentiles. */
export interface Latency {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function latency(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return { n: sorted.length, p50: round(rank(50)), p95: round(rank(95)), p99: round(rank(99)), max: round(sorted.at(-1) ?? 0) };
}

/** Runs `work` for each of `users` in parallel, `perUser` times each, timing every call. */
export async function timed(users: number, perUser: number, work: (user: number, i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  await Promise.all(
    Array.from({ length: users }, async (_, user) => {
      for (let i = 0; i < perUser; i++) {
        const start = performance.now();
        await work(user, i);
        samples.push(performance.now() - start);
      }
    }),
  );
  return samples;
}
