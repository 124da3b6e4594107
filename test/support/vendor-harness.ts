import { DEFAULT_CONNECTION } from '../../src/config/gateway-config.js';
import type { Dispatcher } from 'undici';
import type { AdapterDefinition, PagePosition, RequestContext, SourceBinding } from '../../src/contract/index.js';
import { VendorFailure, type SourceErrorCode } from '../../src/upstream/vendor-failure.js';
import { VendorClient, type Connection } from '../../src/upstream/vendor-client.js';

export { firstPosition, nextPosition } from '../../src/paging/page-positions.js';

/** The one vendor client with nothing between the adapter and the vendor: no retry, no cache. */
export function bareClient(dispatcher?: Dispatcher): VendorClient {
  return new VendorClient({ dispatcher, maxResponseBytes: 10 * 1024 * 1024, connectTimeoutMs: 2_000 });
}

export function bareConnection(adapter: AdapterDefinition, baseUrl: string, credential: string): Connection {
  return { ...DEFAULT_CONNECTION, name: `test-${adapter.vendor}`, adapter, baseUrl, credential, timeoutMs: 5_000, maxConcurrency: 4, retries: 0, cacheTtlMs: 0 };
}

export function requestContext(adapter: AdapterDefinition, binding: SourceBinding, credential: string, pageSize: number, position: PagePosition): RequestContext {
  const lagMs = adapter.order.kind === 'bounded-lag' ? adapter.order.defaultMaxLagSeconds * 1000 : 0;
  return { binding, credential, pageSize, position, bounds: { lagMs }, wantSummary: false };
}

/** The source error code the gateway owes a vendor status (`classify-vendor-error.ts`). */
export function expectedCodeFor(status: number): SourceErrorCode {
  if (status === 401 || status === 403) return 'VENDOR_UNAUTHORIZED';
  if (status === 404) return 'VENDOR_NOT_FOUND';
  if (status === 429) return 'VENDOR_RATE_LIMITED';
  return 'VENDOR_HTTP_ERROR';
}

/** Runs a send and hands back its failure, or undefined when it succeeded. */
export async function failureOf(send: () => Promise<unknown>): Promise<VendorFailure | undefined> {
  try {
    await send();
    return undefined;
  } catch (error) {
    return VendorFailure.from(error);
  }
}
