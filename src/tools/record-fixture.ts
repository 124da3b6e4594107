import { Agent, type Dispatcher } from 'undici';
import { RecordMappingError, rowVendorAgentId, type AdapterDefinition, type MappedRow, type RequestContext, type SourceBinding } from '../contract/index.js';
import { VendorFailure } from '../upstream/vendor-failure.js';
import { VendorClient, type Connection } from '../upstream/vendor-client.js';
import { Anonymizer } from './anonymize.js';
import type { Fixture, FixtureExchange } from './fixture-file.js';
import { firstPosition, parseVendorPage } from '../paging/page-positions.js';
import { paginate } from '../paging/paginator.js';
import { recordingInterceptor, type RawExchange } from './recording-interceptor.js';

export interface RecordOptions {
  /** The configured connection to record from (a real vendor account or a simulator). */
  connection: Connection;
  binding: SourceBinding;
  caseName: string;
  description?: string;
  /** Vendor pages to read at most. */
  pages: number;
  pageSize: number;
  /** What the recording dispatcher wraps; a fresh undici Agent when absent. */
  dispatcher?: Dispatcher;
}

/** Query parameters that carry credentials are never written down. */
const CREDENTIAL_PARAMETER = /key|token|secret|password|signature|auth/i;

/**
 * Walks a source the way the gateway does, through the one vendor client (no retries, no
 * cache, so every exchange happens once), and records every exchange at the dispatcher:
 * credentials removed, personal data replaced by stable fakes, rows mapped by the adapter.
 */
export async function recordFixture(options: RecordOptions): Promise<{ fixture: Fixture; warnings: string[] }> {
  const { adapter } = options.connection;
  const raw: RawExchange[] = [];
  const base = options.dispatcher ?? new Agent();
  const client = new VendorClient({
    dispatcher: base.compose(recordingInterceptor((exchange) => raw.push(exchange))),
    maxResponseBytes: 10 * 1024 * 1024,
    connectTimeoutMs: 5_000,
  });
  const connection: Connection = { ...options.connection, retries: 0, cacheTtlMs: 0 };
  const lagMs = adapter.order.kind === 'bounded-lag' ? adapter.order.defaultMaxLagSeconds * 1000 : 0;
  const warnings: string[] = [];
  // One context per exchange, in order: no retries, no cache and no read ahead, so each read is one exchange.
  const contexts: RequestContext[] = [];
  const contextAt = (position: RequestContext['position'], pageSize: number): RequestContext => ({
    binding: options.binding,
    credential: connection.credential,
    pageSize,
    position,
    bounds: { lagMs },
    wantSummary: false,
  });
  try {
    const pages = paginate({
      pagination: adapter.pagination,
      pageSize: options.pageSize,
      start: firstPosition(adapter),
      maxPages: options.pages,
      read: async (position, pageSize) => {
        const context = contextAt(position, pageSize);
        contexts.push(context);
        const { body } = await client.send(connection, adapter.buildRequest(context), Date.now() + 30_000);
        return parseVendorPage(adapter, body, context);
      },
    });
    try {
      for await (const _page of pages) continue;
    } catch (error) {
      const failure = VendorFailure.from(error);
      if (failure.code !== 'PAGE_CAP_REACHED') warnings.push(`the walk stopped: ${failure.message}`);
    }
  } finally {
    await client.close();
    if (!options.dispatcher) await base.close();
  }
  const anonymizer = new Anonymizer();
  const exchanges = raw.map((exchange) => cleanExchange(exchange, connection, anonymizer));
  // A binding can hold personal data too (a phone line): faked as in the queries it made, so the replay builds the recorded requests.
  const { connection: name, ...recordedBinding } = options.binding;
  const binding = anonymizer.anonymize(recordedBinding) as Record<string, unknown>;
  const skips: string[] = [];
  const expectedRows = expectedRowsOf(adapter, { connection: name, ...binding }, exchanges, contexts, skips);
  for (const skip of skips) warnings.push(`${skip} could not be mapped and makes no row: listed in expectedSkips`);
  const fixture: Fixture = {
    vendor: adapter.vendor,
    case: options.caseName,
    description:
      options.description ??
      `Recorded from connection ${connection.name}: ${exchanges.length} exchange(s), page size ${options.pageSize}; credentials removed, names, emails and phones replaced by stable fakes.`,
    binding,
    walk: { pageSize: options.pageSize },
    exchanges,
    expectedRows,
    ...(skips.length > 0 ? { expectedSkips: skips } : {}),
  };
  return { fixture, warnings };
}

function cleanExchange(exchange: RawExchange, connection: Connection, anonymizer: Anonymizer): FixtureExchange {
  const url = new URL(exchange.path, exchange.origin || 'http://recorded.invalid');
  const prefix = new URL(connection.baseUrl).pathname.replace(/\/+$/, '');
  const path = prefix !== '' && url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : url.pathname;
  const query = Object.fromEntries([...url.searchParams].filter(([name]) => !CREDENTIAL_PARAMETER.test(name)));
  const body = exchange.requestBody === undefined ? undefined : parseJson(exchange.requestBody);
  const request = withoutCredential({ method: exchange.method.toUpperCase() as 'GET' | 'POST', path, query, ...(body === undefined ? {} : { body }) }, connection.credential);
  return {
    request: anonymizer.anonymize(request) as FixtureExchange['request'],
    response: { status: exchange.status, body: anonymizer.anonymize(withoutCredential(parseJson(exchange.responseText), connection.credential)) },
  };
}

/** A credential the vendor echoed, or an adapter put in a path or body, is blanked out. */
function withoutCredential<T>(value: T, credential: string): T {
  if (credential.length < 4) return value;
  return JSON.parse(JSON.stringify(value).split(credential).join('[credential]')) as T;
}

/**
 * The rows of the recorded pages as the walk reads them (a tie held back at the end of a
 * page is read once, on the next); a record that cannot be mapped is listed in `skips`, as
 * the replay words where it is.
 */
function expectedRowsOf(adapter: AdapterDefinition, binding: SourceBinding, exchanges: FixtureExchange[], contexts: RequestContext[], skips: string[]): MappedRow[] {
  const rows: MappedRow[] = [];
  for (const [index, exchange] of exchanges.entries()) {
    const context = contexts[index];
    if (exchange.response.status >= 300 || !context) continue;
    for (const [recordIndex, record] of parseVendorPage(adapter, exchange.response.body, { ...context, binding }).records.entries()) {
      try {
        const mapped = adapter.mapRow(record, { binding });
        rows.push({ ...mapped, vendorAgentId: rowVendorAgentId(mapped, adapter.vendorAgentId(binding)) });
      } catch (error) {
        if (!(error instanceof RecordMappingError)) throw error;
        skips.push(`exchange ${index}: record ${recordIndex}`);
      }
    }
  }
  return rows;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
