import type { AwsService } from './clients.ts';
import { toCollectorError } from './errors.ts';

/** One HTTP request to AWS, as an observer (metrics) sees it. */
export interface AwsCall {
  service: AwsService;
  /** The AWS operation, e.g. `GetFindings`. */
  operation: string;
  region: string;
  /** `throttled`: AWS asked to slow down (the SDK may retry it); `error`: any other failure. */
  outcome: 'ok' | 'throttled' | 'error';
  ms: number;
}

export type AwsCallObserver = (call: AwsCall) => void;

/** What this needs of an SDK client: its middleware stack (the clients' own types differ per service). */
interface Observable {
  middlewareStack: {
    add(
      middleware: (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>,
      options: { step: 'finalizeRequest'; priority: 'low'; name: string },
    ): void;
  };
}

/**
 * Reports every attempt of every call made by `client`, retries included: the step sits inside the SDK's retry
 * middleware, so a request AWS throttled and the SDK retried counts once as throttled and once as ok. The
 * error is rethrown untouched (callers still map it with toCollectorError).
 */
export function observeCalls(client: unknown, service: AwsService, region: string, observer: AwsCallObserver): void {
  (client as Observable).middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      const started = performance.now();
      try {
        const output = await next(args);
        observer({ service, operation, region, outcome: 'ok', ms: performance.now() - started });
        return output;
      } catch (err) {
        const throttled = toCollectorError(err, { operation, region }).kind === 'throttled';
        observer({ service, operation, region, outcome: throttled ? 'throttled' : 'error', ms: performance.now() - started });
        throw err;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'pillarCallObserver' },
  );
}
