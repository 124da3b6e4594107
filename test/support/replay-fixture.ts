import { Ajv } from 'ajv';
import { MockAgent } from 'undici';
import {
  RecordMappingError,
  VendorShapeError,
  type AdapterModule,
  type MappedRow,
  type PagePosition,
  type RequestContext,
  type SourceBinding,
  type VendorPage,
  type VendorRequest,
} from '../../src/contract/index.js';
import { VendorFailure } from '../../src/upstream/vendor-failure.js';
import type { VendorSpec } from '../../src/specs/vendor-spec.js';
import type { Fixture, FixtureExchange, FixtureRequest } from '../../src/tools/fixture-file.js';
import { diffRows } from './diff-rows.js';
import { parseVendorPage } from '../../src/paging/page-positions.js';
import { paginate } from '../../src/paging/paginator.js';
import { bareClient, bareConnection, expectedCodeFor, firstPosition, requestContext } from './vendor-harness.js';
import { mappedAsSent } from './mapped-as-sent.js';

export const ORIGIN = 'https://vendor.fixture.invalid';
export const CREDENTIAL = 'fixture-credential';

export interface ReplayOutcome {
  rows: MappedRow[];
  /** Everything that is wrong, each line naming vendor, case and field; empty when the fixture replays clean. */
  problems: string[];
}

/**
 * Replays a fixture through its adapter and the real vendor client over undici's
 * `MockAgent` (real network refused, one intercept per recorded exchange, every one
 * required), checks each exchange against the vendor's spec and the rows against the
 * fixture's snapshot. A fixture with a `walk` is walked by the adapter itself: it builds
 * every request and must make exactly the recorded ones; a hand-made one replays as recorded.
 */
export async function replayFixture(module: AdapterModule, fixture: Fixture, spec: VendorSpec): Promise<ReplayOutcome> {
  const { adapter } = module;
  const label = `${adapter.vendor} case ${fixture.case}`;
  const problems: string[] = [];
  const drift: string[] = [];
  const rows: MappedRow[] = [];
  if (fixture.vendor !== adapter.vendor) problems.push(`${label}: the fixture is for vendor ${fixture.vendor}`);
  if (fixture.exchanges.length === 0) problems.push(`${label}: has no exchanges; record some with npm run record`);
  const binding: SourceBinding = { connection: `fixture-${adapter.vendor}`, ...fixture.binding };
  problems.push(...bindingProblems(module, binding).map((problem) => `${label}: binding ${problem}`));

  const agent = mockVendor(fixture.exchanges);
  const client = bareClient(agent);
  const connection = bareConnection(adapter, ORIGIN, CREDENTIAL);
  try {
    if (fixture.walk) {
      await replayWalk(module, fixture, binding, { client, connection, label, problems, rows });
    } else {
      // A hand-made fixture replays as recorded, each exchange on its own.
      for (const [index, exchange] of fixture.exchanges.entries()) {
        const context = walkContext(module, fixture, binding, index === 0 ? firstPosition(adapter) : {});
        await replayExchange(module, binding, exchange, exchange.request, context, `${label}: exchange ${index}`, { client, connection, problems, rows });
      }
    }
    for (const [index, exchange] of fixture.exchanges.entries()) {
      drift.push(...requestDrift(spec, exchange).map((text) => `exchange ${index} ${text}`));
      drift.push(...responseDrift(spec, exchange).map((text) => `exchange ${index} ${text}`));
    }
    problems.push(...unusedExchanges(agent, label));
  } finally {
    await client.close();
    await agent.close();
  }
  problems.splice(0, problems.length, ...withExpectedSkips(problems, label, fixture.expectedSkips ?? []));
  problems.push(...driftProblems(label, adapter.vendor, drift, fixture.knownDrift ?? []));
  problems.push(...diffRows(fixture.expectedRows, rows).map((difference) => `${label}: ${difference}`));
  return { rows, problems };
}

interface ReplayState {
  client: ReturnType<typeof bareClient>;
  connection: ReturnType<typeof bareConnection>;
  problems: string[];
  rows: MappedRow[];
}

/**
 * A fixture with a `walk` is walked through the one paginator, as the gateway walks: the
 * adapter builds every request, which must be the recorded one, and the pagination kind's
 * rules say where the walk goes and where it ends.
 */
async function replayWalk(module: AdapterModule, fixture: Fixture, binding: SourceBinding, state: ReplayState & { label: string }): Promise<void> {
  const { adapter } = module;
  let index = 0;
  const pages = paginate<VendorPage>({
    pagination: adapter.pagination,
    pageSize: fixture.walk!.pageSize,
    start: firstPosition(adapter),
    maxPages: fixture.exchanges.length,
    read: async (position, pageSize) => {
      const exchange = fixture.exchanges[index];
      const where = `${state.label}: exchange ${index}`;
      index += 1;
      const context = { ...walkContext(module, fixture, binding, position), pageSize };
      const own = ownRequest(adapter.buildRequest(context));
      if (!exchange) throw new Error(`${where}: the walk asks ${describeRequest(own)}, which was not recorded`);
      if (describeRequest(own) !== describeRequest(exchange.request)) {
        state.problems.push(`${where}: the adapter now asks ${describeRequest(own)}, the recording has ${describeRequest(exchange.request)}`);
      }
      return (await replayExchange(module, binding, exchange, own, context, where, state)) ?? { records: [] };
    },
  });
  try {
    for await (const _page of pages) continue;
  } catch (error) {
    if (!(error instanceof VendorFailure) || error.code !== 'PAGE_CAP_REACHED') state.problems.push((error as Error).message);
  }
}

/** One recorded exchange through the real vendor client; its page, or undefined when it failed (as recorded, or not). */
async function replayExchange(
  module: AdapterModule,
  binding: SourceBinding,
  exchange: FixtureExchange,
  request: FixtureRequest,
  context: RequestContext,
  where: string,
  state: ReplayState,
): Promise<VendorPage | undefined> {
  const own = module.adapter.buildRequest(context);
  if (own.method !== exchange.request.method || own.path !== exchange.request.path) {
    state.problems.push(`${where}: the adapter now sends ${own.method} ${own.path}, the recording ${exchange.request.method} ${exchange.request.path}`);
  }
  try {
    const { body } = await state.client.send(state.connection, { ...request, headers: own.headers }, Date.now() + 10_000);
    if (exchange.response.status >= 400) state.problems.push(`${where}: recorded ${exchange.response.status} but the client succeeded`);
    const read = readPage(module, binding, body, where, state.problems, context);
    state.rows.push(...read.rows);
    return read.page;
  } catch (error) {
    const failure = VendorFailure.from(error);
    const status = exchange.response.status;
    if (status < 400) state.problems.push(`${where}: the client failed with ${failure.code}: ${failure.message}`);
    else if (failure.code !== expectedCodeFor(status)) state.problems.push(`${where}: ${status} became ${failure.code}, expected ${expectedCodeFor(status)}`);
    return undefined;
  }
}

/** A record listed in `expectedSkips` may not map (a `RecordMappingError` only), and must not. */
function withExpectedSkips(problems: string[], label: string, skips: readonly string[]): string[] {
  const skipped = (skip: string) => (problem: string) => problem.startsWith(`${label}: ${skip} could not be mapped: `);
  const kept = problems.filter((problem) => !skips.some((skip) => skipped(skip)(problem)));
  const mapped = skips.filter((skip) => !problems.some(skipped(skip))).map((skip) => `${label}: ${skip} is listed in expectedSkips but was not skipped`);
  return [...kept, ...mapped];
}

/** undici's `MockAgent` answering each recorded exchange once, at `ORIGIN`; real network refused. */
export function mockVendor(exchanges: FixtureExchange[]): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  for (const { request, response } of exchanges) {
    pool
      .intercept({ method: request.method, path: pathWithQuery(request.path, request.query), ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }) })
      .reply(response.status, typeof response.body === 'string' ? response.body : JSON.stringify(response.body), { headers: { 'content-type': 'application/json' } });
  }
  return agent;
}

/** A recorded exchange nobody asked for is a problem of the replay. */
export function unusedExchanges(agent: MockAgent, label: string): string[] {
  try {
    agent.assertNoPendingInterceptors();
    return [];
  } catch (error) {
    return [`${label}: not every recorded exchange was used: ${(error as Error).message.split('\n')[0]}`];
  }
}

/** The request context of a fixture's walk; hand-made fixtures only need the first position. */
function walkContext(module: AdapterModule, fixture: Fixture, binding: SourceBinding, position: PagePosition): RequestContext {
  const context = requestContext(module.adapter, binding, CREDENTIAL, fixture.walk?.pageSize ?? 1, position);
  const walk = fixture.walk;
  if (!walk) return context;
  const bounds = { ...context.bounds, since: walk.since ? Date.parse(walk.since) : undefined, until: walk.until ? Date.parse(walk.until) : undefined };
  return { ...context, wantSummary: walk.wantSummary === true, bounds };
}

function ownRequest(request: VendorRequest): FixtureRequest {
  const query = Object.fromEntries(
    Object.entries(request.query ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])),
  );
  return { method: request.method, path: request.path, query, ...(request.body === undefined ? {} : { body: request.body }) };
}

function describeRequest(request: FixtureRequest): string {
  const body = request.body === undefined ? '' : ` ${JSON.stringify(request.body)}`;
  return `${request.method} ${pathWithQuery(request.path, request.query)}${body}`;
}

function readPage(
  module: AdapterModule,
  binding: SourceBinding,
  body: unknown,
  where: string,
  problems: string[],
  context: RequestContext,
): { page?: VendorPage; rows: MappedRow[] } {
  let page: VendorPage;
  try {
    page = parseVendorPage(module.adapter, body, context);
  } catch (error) {
    problems.push(`${where}: ${error instanceof VendorShapeError ? 'body is not the vendor shape' : 'parsePage threw'}: ${(error as Error).message}`);
    return { rows: [] };
  }
  const rows: MappedRow[] = [];
  for (const [index, record] of page.records.entries()) {
    try {
      rows.push(mappedAsSent(module.adapter, record, binding));
    } catch (error) {
      const kind = error instanceof RecordMappingError ? 'could not be mapped' : 'broke the mapper';
      problems.push(`${where}: record ${index} ${kind}: ${(error as Error).message}`);
    }
  }
  return { page, rows };
}

export function requestDrift(spec: VendorSpec, { request }: FixtureExchange): string[] {
  return spec.checkRequest(request.method, request.path, request.query, request.body).map((deviation) => `request ${deviation.field}: ${deviation.message}`);
}

export function responseDrift(spec: VendorSpec, { request, response }: FixtureExchange): string[] {
  return spec
    .checkResponse(request.method, request.path, response.status, response.body)
    .map((deviation) => `response ${response.status} ${deviation.field || '(body)'}: ${deviation.message}`);
}

/** Drift the fixture does not declare fails; declared drift that no longer happens fails too. */
export function driftProblems(label: string, vendor: string, drift: string[], known: string[]): string[] {
  const unexpected = drift.filter((text) => !known.includes(text)).map((text) => `${label}: vendor drift against specs/${vendor}: ${text}`);
  const gone = known.filter((text) => !drift.includes(text)).map((text) => `${label}: knownDrift no longer happens: ${text}`);
  return [...unexpected, ...gone];
}

function bindingProblems(module: AdapterModule, binding: SourceBinding): string[] {
  const { connection: _connection, ...fields } = binding;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(module.adapter.bindingSchema);
  return validate(fields) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '(binding)'} ${error.message ?? 'is invalid'}`);
}

export function pathWithQuery(path: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search === '' ? path : `${path}?${search}`;
}
