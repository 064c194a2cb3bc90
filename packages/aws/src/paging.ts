import { AwsCollectorError, toCollectorError } from './errors.ts';
import type { AwsErrorContext } from './errors.ts';

/** Pages a single pull may read before it stops: a guard against a token that never runs out. */
export const DEFAULT_MAX_PAGES = 100_000;

/**
 * Walks an SDK paginator, mapping any error to an AwsCollectorError. The paginator runs until AWS stops
 * returning a token; reading more than `maxPages` pages is an error, never a silent truncation.
 */
export async function* collectorPages<T extends { NextToken?: string | undefined }>(
  pages: AsyncIterable<T>,
  ctx: AwsErrorContext,
  maxPages: number = DEFAULT_MAX_PAGES,
): AsyncGenerator<T, void, undefined> {
  const it = pages[Symbol.asyncIterator]();
  let count = 0;
  try {
    for (;;) {
      let step: IteratorResult<T, unknown>;
      try {
        step = await it.next();
      } catch (err) {
        throw toCollectorError(err, ctx);
      }
      if (step.done) return;
      yield step.value;
      count += 1;
      if (count >= maxPages && step.value.NextToken) {
        throw new AwsCollectorError('unknown', {
          ...ctx,
          code: 'PageCapReached',
          detail: `AWS still had more after ${maxPages} pages; stopped to avoid an endless token loop`,
        });
      }
    }
  } finally {
    await it.return?.();
  }
}
