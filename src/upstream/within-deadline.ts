import { cutOffOf, type ReadContext } from './read-context.js';
import { VendorFailure } from './vendor-failure.js';

/** Waits for `shared` (someone else's call) only until the context's deadline or its caller leaving: the gateway's cut-off. */
export function withinDeadline<T>(shared: Promise<T>, context: ReadContext): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      context.signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      stop();
      reject(cutOffOf(context) ?? new VendorFailure('CANCELLED', 'the caller went away'));
    };
    const timer = setTimeout(() => {
      stop();
      reject(new VendorFailure('DEADLINE_REACHED', 'the request deadline passed while waiting for an identical vendor call in flight'));
    }, Math.max(0, context.deadline - Date.now()));
    context.signal.addEventListener('abort', onAbort, { once: true });
    shared.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}
