import fc from 'fast-check';

/** One seed per run, printed with any failure; FUZZ_SEED=<n> replays it. */
export const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

/** A value made readable for a report: long strings and deep nesting shortened. */
export function brief(value: unknown, max = 3000): string {
  const shorten = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return v.length > 200 ? `${v.slice(0, 100)}…(${v.length} chars)` : v;
    if (typeof v !== 'object' || v === null) return v;
    if (depth > 8) return '…(deeper)';
    if (Array.isArray(v)) return v.map((x) => shorten(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shorten(x, depth + 1)]));
  };
  const text = JSON.stringify(shorten(value, 0)) ?? String(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * fc.check with a short report: the seed and path to replay, the first error, the shrunk counterexample. Bounded:
 * shrinking stops after a few seconds' worth of runs (an HTTP round trip each).
 */
export async function check<T>(property: fc.IAsyncProperty<T> | fc.IProperty<T>, numRuns: number): Promise<void> {
  const details = await fc.check(property, { numRuns, seed: SEED, maxSkipsPerRun: 100, interruptAfterTimeLimit: 60_000, markInterruptAsFailure: false, skipAllAfterTimeLimit: 60_000 });
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `property failed after ${details.numRuns} runs (seed ${details.seed}, path "${details.counterexamplePath}"; replay with FUZZ_SEED=${details.seed}):\n${cause}\ncounterexample: ${brief(details.counterexample)}`,
  );
}

/** Whether a property fails (for the meta-tests that prove the suite can fail). */
export async function fails<T>(property: fc.IAsyncProperty<T>, numRuns: number): Promise<boolean> {
  return (await fc.check(property, { numRuns, seed: SEED, endOnFailure: true })).failed;
}
