import { VendorFailure } from '../upstream/vendor-failure.js';
import { currentRequestLog } from './request-log-scope.js';
import { traceVendorCall, type TracedConnection, type TracedResponse } from './vendor-call-span.js';

/**
 * The one hook of the vendor client: every vendor read gets a span (when tracing is on)
 * and, when it fails after its retries, one `warn` line in the request's log with the
 * failure's code and its already scrubbed message.
 */
export function observeVendorRead<T extends TracedResponse>(connection: TracedConnection, read: () => Promise<T>): Promise<T> {
  return traceVendorCall(connection, async () => {
    try {
      return await read();
    } catch (error) {
      const failure = VendorFailure.from(error);
      currentRequestLog()?.warn(
        { connection: connection.name, vendor: connection.adapter.vendor, code: failure.code, reason: failure.message },
        'vendor read failed',
      );
      throw error;
    }
  });
}
