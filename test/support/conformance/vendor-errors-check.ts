import { expectedCodeFor, failureOf, firstPosition, requestContext } from '../vendor-harness.js';
import type { SimulatedVendor } from './simulated-vendor.js';

const STATUSES = [401, 403, 404, 422, 429, 500, 502, 503];

/**
 * Vendor errors reach the source as the right code: statuses injected into the simulator
 * (and a real wrong credential) go through the vendor client and the adapter's
 * `describeError`, which reads any body, even one not in the vendor's shape.
 */
export async function checkVendorErrors(vendor: SimulatedVendor): Promise<string[]> {
  const { adapter } = vendor.module;
  const problems: string[] = [];
  const request = adapter.buildRequest(requestContext(adapter, vendor.binding, vendor.credential, vendor.pageSize, firstPosition(adapter)));
  const deadline = () => Date.now() + 10_000;
  for (const status of STATUSES) {
    const headers = status === 429 ? { 'retry-after': '7' } : undefined;
    vendor.simulator.faults.inject({ kind: 'status', status, body: { message: `injected ${status}` }, headers });
    const failure = await failureOf(() => vendor.client.send(vendor.connection, request, deadline()));
    vendor.simulator.faults.clear();
    if (failure?.code !== expectedCodeFor(status)) problems.push(`${status} became ${failure?.code ?? 'a success'}, expected ${expectedCodeFor(status)}`);
    if (status === 429 && failure?.retryAfterSec !== 7) problems.push(`429 with Retry-After: 7 gave retryAfterSec ${failure?.retryAfterSec}`);
  }

  const wrong = adapter.buildRequest(requestContext(adapter, vendor.binding, 'not-the-credential', vendor.pageSize, firstPosition(adapter)));
  const refused = await failureOf(() => vendor.client.send(vendor.connection, wrong, deadline()));
  if (refused?.code !== 'VENDOR_UNAUTHORIZED') problems.push(`a wrong credential became ${refused?.code ?? 'a success'}, expected VENDOR_UNAUTHORIZED`);

  for (const [status, body] of [[401, { unexpected: true }], [500, '<html>oops</html>'], [502, null], [429, []]] as const) {
    try {
      const described = adapter.describeError(status, body);
      if (described.message !== null && (typeof described.message !== 'string' || described.message === '')) problems.push(`describeError(${status}, ${JSON.stringify(body)}) gave neither a message nor null`);
    } catch (error) {
      problems.push(`describeError(${status}, ${JSON.stringify(body)}) threw: ${(error as Error).message}`);
    }
  }
  return problems;
}
