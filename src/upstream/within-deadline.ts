import { VendorFailure } from './vendor-failure.js';

/** Waits for `shared` (someone else's call) only until `deadline`; then the source times out. */
export function withinDeadline<T>(shared: Promise<T>, deadline: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new VendorFailure('VENDOR_TIMEOUT', 'the request deadline passed while waiting for an identical vendor call in flight')),
      Math.max(0, deadline - Date.now()),
    );
    shared.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
