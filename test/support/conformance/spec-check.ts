import { VendorSpec } from '../../../src/specs/vendor-spec.js';
import { firstPosition, requestContext } from '../vendor-harness.js';
import type { SimulatedVendor } from './simulated-vendor.js';
import { join } from 'node:path';
import { request as undiciRequest } from 'undici';
import { urlOf } from '../../../src/upstream/vendor-call-pipeline.js';

/**
 * The simulator speaks the vendor's spec: every request the adapter made and every
 * response the simulator gave (pages and a refused credential) validates against
 * `specs/<vendor>`.
 */
export async function checkSimulatorAgainstSpec(vendor: SimulatedVendor, root: string): Promise<string[]> {
  const spec = specOfWalk(vendor, root);
  if (Array.isArray(spec)) return spec;
  const problems: string[] = [];
  const describe = (where: string) => (deviation: { field: string; message: string }) => `${where} ${deviation.field || '(body)'}: ${deviation.message}`;
  for (const [index, { request, body }] of vendor.pages.entries()) {
    const query = stringQuery(request.query);
    problems.push(...spec.checkRequest(request.method, request.path, query, request.body).map(describe(`page ${index} request`)));
    problems.push(...spec.checkResponse(request.method, request.path, 200, body).map(describe(`page ${index} response`)));
  }
  const { adapter } = vendor.module;
  const refused = adapter.buildRequest(requestContext(adapter, vendor.binding, 'not-the-credential', vendor.pageSize, firstPosition(adapter)));
  const response = await undiciRequest(urlOf(vendor.connection.baseUrl, refused), {
    method: refused.method,
    headers: { 'content-type': 'application/json', ...refused.headers },
    body: refused.body === undefined ? undefined : JSON.stringify(refused.body),
  });
  const body = await response.body.json().catch(() => undefined);
  problems.push(...spec.checkResponse(refused.method, refused.path, response.statusCode, body).map(describe(`${response.statusCode} response`)));
  return problems;
}

/** The vendor's spec for a check of the walk's pages, or why there is nothing to check (no spec, or the walk failed). */
export function specOfWalk(vendor: SimulatedVendor, root: string): VendorSpec | string[] {
  try {
    const spec = VendorSpec.load(join(root, 'specs'), vendor.module.adapter.vendor);
    return vendor.walkProblem ? [vendor.walkProblem] : spec;
  } catch (error) {
    return [(error as Error).message];
  }
}

function stringQuery(query: Record<string, unknown> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(query ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
}
