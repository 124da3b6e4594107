import { isDeepStrictEqual } from 'node:util';
import { RecordMappingError, detailBelongsToBinding, isDetailRead, type AdapterModule, type SourceBinding } from '../../src/contract/index.js';
import type { VendorSpec } from '../../src/specs/vendor-spec.js';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import type { DetailFixture } from './detail-fixture.js';
import { readDetail } from './read-detail.js';
import { CREDENTIAL, ORIGIN, driftProblems, mockVendor, pathWithQuery, requestDrift, responseDrift, unusedExchanges } from './replay-fixture.js';
import { bareClient, bareConnection } from './vendor-harness.js';

/**
 * Replays a detail fixture offline: the adapter builds its reads, which must be exactly the
 * recorded requests; undici's `MockAgent` answers them (real network refused, every
 * exchange required); the bodies are parsed and mapped and the detail compared with the
 * snapshot, field by field. Each exchange is checked against the vendor's spec.
 */
export async function replayDetailFixture(module: AdapterModule, fixture: DetailFixture, spec: VendorSpec): Promise<string[]> {
  const label = `${module.adapter.vendor} detail case ${fixture.case}`;
  const read = module.adapter.detail;
  if (!isDetailRead(read)) return [`${label}: the adapter declares no detail read`];
  const binding: SourceBinding = { connection: `fixture-${module.adapter.vendor}`, ...fixture.binding };
  const context = { binding, credential: CREDENTIAL, conversationId: fixture.conversationId };
  const problems: string[] = [];
  const built = Object.values(read.reads).map((step) => step.buildRequest(context));
  if (built.length !== fixture.exchanges.length) problems.push(`${label}: the adapter makes ${built.length} reads, the recording has ${fixture.exchanges.length}`);
  const drift: string[] = [];
  for (const [index, exchange] of fixture.exchanges.entries()) {
    const own = built[index];
    const asked = own && `${own.method} ${pathWithQuery(own.path, Object.fromEntries(Object.entries(own.query ?? {}).map(([name, value]) => [name, String(value)])))}`;
    const recorded = `${exchange.request.method} ${pathWithQuery(exchange.request.path, exchange.request.query)}`;
    if (asked !== recorded) problems.push(`${label}: read ${index}: the adapter now asks ${asked}, the recording has ${recorded}`);
    drift.push(...[...requestDrift(spec, exchange), ...responseDrift(spec, exchange)].map((text) => `exchange ${index} ${text}`));
  }
  const agent = mockVendor(fixture.exchanges);
  const client = bareClient(agent);
  try {
    const { detail } = await readDetail(read, client, bareConnection(module.adapter, ORIGIN, CREDENTIAL), context);
    if (fixture.expectedFailure) problems.push(`${label}: expected ${fixture.expectedFailure}, the read succeeded`);
    problems.push(...differences(fixture.expectedDetail, detail, 'detail').map((line) => `${label}: ${line}`));
    const belongs = detailBelongsToBinding(read, detail, module.adapter.vendorAgentId(binding));
    if (fixture.belongsToBinding !== undefined && belongs !== fixture.belongsToBinding) problems.push(`${label}: belongs to the binding: ${belongs}, expected ${fixture.belongsToBinding}`);
  } catch (error) {
    // A mapping error is no vendor failure: name it as thrown.
    const code = error instanceof RecordMappingError ? `RecordMappingError: ${error.message}` : VendorFailure.from(error).code;
    if (code !== fixture.expectedFailure) problems.push(`${label}: the read failed with ${code}${fixture.expectedFailure ? `, expected ${fixture.expectedFailure}` : ''}`);
  }
  problems.push(...unusedExchanges(agent, label));
  await client.close();
  await agent.close();
  return [...problems, ...driftProblems(label, module.adapter.vendor, drift, fixture.knownDrift ?? [])];
}

/** Where two values differ, one line per differing leaf, so a failure names the field. */
function differences(expected: unknown, actual: unknown, path: string): string[] {
  if (isDeepStrictEqual(expected, actual)) return [];
  const bothObjects = expected !== null && actual !== null && typeof expected === 'object' && typeof actual === 'object' && Array.isArray(expected) === Array.isArray(actual);
  if (!bothObjects) return [`${path}: expected ${show(expected)}, got ${show(actual)}`];
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
  return keys.flatMap((key) => differences((expected as Record<string, unknown>)[key], (actual as Record<string, unknown>)[key], Array.isArray(expected) ? `${path}[${key}]` : `${path}.${key}`));
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
