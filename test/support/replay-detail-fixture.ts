import { isDeepStrictEqual } from 'node:util';
import { MockAgent } from 'undici';
import { RecordMappingError, detailBelongsToBinding, isDetailRead, type AdapterModule, type SourceBinding } from '../../src/contract/index.js';
import type { VendorSpec } from '../../src/specs/vendor-spec.js';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import type { DetailFixture } from './detail-fixture.js';
import { readDetail } from './read-detail.js';
import { bareClient, bareConnection } from './vendor-harness.js';

const ORIGIN = 'https://vendor.fixture.invalid';
const CREDENTIAL = 'fixture-credential';

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
  const agent = new MockAgent();
  agent.disableNetConnect();
  const drift: string[] = [];
  for (const [index, { request, response }] of fixture.exchanges.entries()) {
    const own = built[index];
    const asked = own && `${own.method} ${own.path}?${new URLSearchParams(Object.entries(own.query ?? {}).map(([name, value]) => [name, String(value)])).toString()}`;
    const recorded = `${request.method} ${request.path}?${new URLSearchParams(request.query).toString()}`;
    if (asked !== recorded) problems.push(`${label}: read ${index}: the adapter now asks ${asked}, the recording has ${recorded}`);
    drift.push(...spec.checkRequest(request.method, request.path, request.query).map((deviation) => `exchange ${index} request ${deviation.field}: ${deviation.message}`));
    drift.push(...spec.checkResponse(request.method, request.path, response.status, response.body).map((deviation) => `exchange ${index} response ${response.status} ${deviation.field || '(body)'}: ${deviation.message}`));
    const search = new URLSearchParams(request.query).toString();
    agent.get(ORIGIN).intercept({ method: request.method, path: search === '' ? request.path : `${request.path}?${search}` }).reply(response.status, JSON.stringify(response.body), { headers: { 'content-type': 'application/json' } });
  }
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
  try {
    agent.assertNoPendingInterceptors();
  } catch (error) {
    problems.push(`${label}: not every recorded exchange was used: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    await client.close();
    await agent.close();
  }
  const known = fixture.knownDrift ?? [];
  problems.push(...drift.filter((text) => !known.includes(text)).map((text) => `${label}: vendor drift against specs/${module.adapter.vendor}: ${text}`));
  problems.push(...known.filter((text) => !drift.includes(text)).map((text) => `${label}: knownDrift no longer happens: ${text}`));
  return problems;
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
