import { DEFAULT_CONNECTION } from '../../src/config/gateway-config.js';
import {
  ADAPTER_CONTRACT_VERSION,
  msToIso,
  RecordMappingError,
  type AdapterDefinition,
  type ChannelType,
  type ConversationState,
  type DetailRead,
  type MappedRow,
  type Message,
  type Pagination,
  type OrderStrategy,
  type VendorPage,
  type VendorRequest,
} from '../../src/contract/index.js';
import type { LogicalAgent } from '../../src/agents/agent-directory.js';
import type { BodyReader, VendorClient } from '../../src/upstream/vendor-client.js';

/** A vendor record in memory: `t` is last activity (ms), `n` the vendor's own sort key. */
export interface MemoryRecord {
  id: string;
  t: number | null;
  n: number | null;
  /** Fixed position among equal native keys: the vendor's own tie order, not the id. */
  tie: number;
  /** The adapter cannot map this record (it is skipped and counted). */
  unmappable?: boolean;
  /** The row's channel and state: `other` and `unknown` when absent. */
  channel?: ChannelType;
  state?: ConversationState;
  /** The contact's phone as this vendor writes it. */
  phone?: string;
  /** A copy this vendor imported: the original's id on its own vendor. */
  originalId?: string;
}

export type MemoryKind = 'page' | 'page-short-ends' | 'page-with-totals' | 'offset-short-ends' | 'offset-with-totals' | 'cursor-lag' | 'time-window' | 'window';

/** Kinds that page by offset (`offset` / `size`, as `from` / `to` index paging). */
function pagesByOffset(kind: MemoryKind): boolean {
  return kind === 'offset-short-ends' || kind === 'offset-with-totals';
}

/** A time-window vendor's largest page: ties of up to this many records are read whole. */
export const TIME_WINDOW_MAX_PAGE = 64;

/**
 * An in-memory vendor of one pagination and order kind, served through a fake vendor
 * client, so the real merge, walks and cursor run on data fast-check makes up.
 */
export class MemoryVendor {
  readonly adapter: AdapterDefinition<MemoryRecord>;
  requests = 0;
  /** Every call answers 500 (served as such by the memory app's dispatcher). */
  failing = false;
  /** Detail reads answer 500 while the list answers (a transcript that cannot be read). */
  detailFailing = false;
  /** Detail reads made. */
  detailRequests = 0;
  /** `cursor-lag` only: characters of padding in every cursor handed out (vendors with long cursors). */
  cursorPadding = 0;
  /** `cursor-lag` only: the second page's next cursor points back at the first one (A→B→A). */
  loopsBack = false;
  /** Page kinds only: every page is full, forever (a vendor whose walk never ends), newest from this time down. */
  endlessFrom: number | undefined;
  private readonly issuedCursors: string[] = [];

  constructor(
    readonly name: string,
    readonly kind: MemoryKind,
    readonly pageSize: number,
    readonly lagMs: number,
    public records: MemoryRecord[],
    /** The vendors this one imports copies from (`copies` of its adapter): a copy is found by its `originalId`. */
    importsFrom?: readonly string[],
  ) {
    this.adapter = memoryAdapter(name, kind, pageSize, lagMs, importsFrom);
  }

  /** The records in the vendor's order: native key descending, nulls last, ties by `tie`. */
  ordered(): MemoryRecord[] {
    return [...this.records].sort(nativeOrder);
  }

  serve(request: VendorRequest): unknown {
    this.requests += 1;
    const query = request.query ?? {};
    const size = Number(query.size);
    if (this.kind === 'window') return { records: shuffle(this.records, this.records.length + 7) };
    const ordered = this.ordered();
    if (this.kind === 'time-window') {
      // Newest first below a time, as Vapi's createdAtLe / createdAtLt: no cursor, no offset.
      const at = query.beforeAt === undefined ? undefined : Number(query.beforeAt);
      const below = at === undefined ? ordered : ordered.filter((record) => record.n !== null && (String(query.beforeInclusive) === 'true' ? record.n <= at : record.n < at));
      return { records: below.slice(0, size) };
    }
    if (this.kind === 'cursor-lag') {
      // A keyset cursor: the native position of the last record sent, stable under inserts.
      const position = typeof query.cursor === 'string' ? (JSON.parse(query.cursor) as MemoryRecord) : undefined;
      const after = position ? ordered.filter((record) => nativeOrder(record, position) > 0) : ordered;
      const slice = after.slice(0, size);
      const hasMore = after.length > size;
      const last = slice[slice.length - 1];
      const next = hasMore && last ? JSON.stringify({ n: last.n, tie: last.tie, ...(this.cursorPadding > 0 ? { pad: noise(this.cursorPadding, Math.abs(last.n ?? 0) + last.tie) } : {}) }) : null;
      return { records: slice, next: this.loopedBack(query.cursor, next), hasMore };
    }
    // Records from an index: the page's first (page numbers) or the one asked for (offset).
    const from = pagesByOffset(this.kind) ? Number(query.offset) : (Number(query.page) - 1) * size;
    if (this.endlessFrom !== undefined) return { records: endlessPage(this.endlessFrom, from, size) };
    const slice = ordered.slice(from, from + size);
    return { records: slice, totalPages: Math.ceil(ordered.length / size), total: ordered.length };
  }

  /**
   * One conversation by id (`GET /<vendor>/detail/<id>`): the record and its transcript,
   * `memoryTranscript(record)`; 404 for an id it does not have.
   */
  serveDetail(id: string): { statusCode: number; body: unknown } {
    return this.serveOne((record) => record.id === id);
  }

  /** The copy of another vendor's conversation by its id there (`GET /<vendor>/copy/<originalId>`); 404 when it holds none. */
  serveCopy(originalId: string): { statusCode: number; body: unknown } {
    return this.serveOne((record) => record.originalId === originalId);
  }

  private serveOne(wanted: (record: MemoryRecord) => boolean): { statusCode: number; body: unknown } {
    this.requests += 1;
    this.detailRequests += 1;
    if (this.failing || this.detailFailing) return { statusCode: 500, body: { error: 'memory vendor down' } };
    const record = this.records.find(wanted);
    return record ? { statusCode: 200, body: { record, messages: memoryTranscript(record) } } : { statusCode: 404, body: { error: 'no such record' } };
  }

  /** Back to a fresh vendor with these records: no calls counted, no failure, no loop. */
  reset(records: MemoryRecord[]): void {
    this.records = records;
    this.requests = 0;
    this.detailRequests = 0;
    this.failing = false;
    this.detailFailing = false;
    this.loopsBack = false;
    this.issuedCursors.length = 0;
  }

  /** Remembers each cursor handed out; with `loopsBack`, the page after A hands out A again. */
  private loopedBack(asked: unknown, next: string | null): string | null {
    if (next !== null && !this.issuedCursors.includes(next)) this.issuedCursors.push(next);
    const [first, second] = this.issuedCursors;
    return this.loopsBack && next !== null && first !== undefined && asked === second ? first : next;
  }
}

function endlessPage(newest: number, from: number, size: number): MemoryRecord[] {
  return Array.from({ length: size }, (_, index) => {
    const position = from + index;
    const at = newest - position * 1_000;
    return { id: `e${String(position).padStart(9, '0')}`, n: at, t: at, tie: position };
  });
}

function nativeOrder(a: Pick<MemoryRecord, 'n' | 'tie'>, b: Pick<MemoryRecord, 'n' | 'tie'>): number {
  if (a.n !== b.n) {
    if (a.n === null) return 1;
    if (b.n === null) return -1;
    return b.n - a.n;
  }
  return a.tie - b.tie;
}

function memoryAdapter(vendor: string, kind: MemoryKind, pageSize: number, lagMs: number, importsFrom?: readonly string[]): AdapterDefinition<MemoryRecord> {
  const pagination: Pagination =
    kind === 'window'
      ? { kind: 'window' }
      : kind === 'cursor-lag'
        ? { kind: 'cursor', maxPageSize: pageSize }
        : kind === 'time-window'
          ? { kind: 'time-window', maxPageSize: TIME_WINDOW_MAX_PAGE }
          : pagesByOffset(kind)
            ? { kind: 'offset', maxPageSize: pageSize, shortPageEnds: kind === 'offset-short-ends' }
            : { kind: 'page', maxPageSize: pageSize, shortPageEnds: kind === 'page-short-ends' };
  const order: OrderStrategy =
    kind === 'window' ? { kind: 'whole-window' } : kind === 'cursor-lag' ? { kind: 'bounded-lag', defaultMaxLagSeconds: lagMs / 1000 } : { kind: 'native' };
  return {
    contractVersion: ADAPTER_CONTRACT_VERSION,
    vendor,
    bindingSchema: { type: 'object' },
    vendorAgentId: () => 'memory-agent',
    boundUserIds: () => [],
    pagination,
    order,
    buildRequest: (context) => ({
      method: 'GET',
      path: `/${vendor}`,
      headers: {},
      query: {
        size: context.pageSize,
        page: context.position.page,
        offset: context.position.offset,
        cursor: context.position.cursor ?? undefined,
        beforeAt: context.position.before?.at,
        beforeInclusive: context.position.before?.inclusive,
      },
    }),
    parsePage: (body): VendorPage => {
      const page = body as { records: MemoryRecord[]; next?: string | null; hasMore?: boolean; totalPages?: number; total?: number };
      return {
        records: page.records,
        nextCursor: page.next,
        hasMore: page.hasMore,
        totalPages: kind === 'page-with-totals' ? page.totalPages : undefined,
        totalRecords: kind === 'offset-with-totals' ? page.total : undefined,
      };
    },
    nativeKey: (record) => record.n,
    mapRow: (record): MappedRow => {
      if (record.unmappable) throw new RecordMappingError('memory record marked unmappable');
      return mappedRow(record);
    },
    describeError: () => ({ message: 'memory vendor error' }),
    detail: oneRead(vendor, 'detail'),
    ...(importsFrom ? { copies: { from: importsFrom, byOriginalId: oneRead(vendor, 'copy') } } : {}),
  };
}

/** A read of one conversation: by its id (`detail`), or a copy by its original's id (`copy`). */
function oneRead(vendor: string, path: 'detail' | 'copy'): DetailRead {
  return {
    reads: {
      conversation: {
        buildRequest: ({ conversationId }) => ({ method: 'GET', path: `/${vendor}/${path}/${encodeURIComponent(conversationId)}`, headers: {} }),
        parse: (body) => body as { record: MemoryRecord; messages: Message[] },
      },
    },
    ownership: 'request',
    map: ({ conversation }) => {
      const { record, messages } = conversation as { record: MemoryRecord; messages: Message[] };
      if (record.unmappable) throw new RecordMappingError('memory record marked unmappable');
      return { row: mappedRow(record), recordAgentId: null, messages, recordingUrl: null, analysis: null };
    },
  };
}

/** What a memory conversation's transcript says: made of its id, so a test knows it. */
export function memoryTranscript(record: Pick<MemoryRecord, 'id'>): Message[] {
  return [
    { role: 'user', text: `hello from ${record.id}`, at: null, offsetSec: 0, endOffsetSec: 1 },
    { role: 'agent', text: `answer to ${record.id}`, at: null, offsetSec: 1, endOffsetSec: 2 },
  ];
}

function mappedRow(record: MemoryRecord): MappedRow {
  return {
    vendorAgentId: 'memory-agent',
    conversationId: record.id,
    contactId: null,
    contactName: null,
    contactEmail: null,
    contactPhone: record.phone ?? null,
    channelType: record.channel ?? 'other',
    conversationState: record.state ?? 'unknown',
    startedAt: null,
    endedAt: null,
    lastActivityAt: msToIso(record.t),
    lastMessagePreview: null,
    messageCount: null,
    durationSec: null,
    summary: null,
    successful: null,
    rating: null,
    tags: [],
    assignees: [],
    cost: null,
    language: null,
    direction: null,
    hasAccess: null,
    originalId: record.originalId ?? null,
  };
}

/** Characters that do not compress, as a vendor's opaque cursor (deterministic per seed). */
function noise(length: number, seed: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  let state = seed + 1;
  let text = '';
  for (let index = 0; index < length; index += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    text += alphabet[(state >>> 8) % 64];
  }
  return text;
}

/** A deterministic shuffle: the window vendor promises no order at all. */
function shuffle<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let index = copy.length - 1; index > 0; index -= 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const other = state % (index + 1);
    [copy[index], copy[other]] = [copy[other]!, copy[index]!];
  }
  return copy;
}

/** A vendor client that answers from the memory vendors, by connection name. */
export function memoryClient(vendors: MemoryVendor[]): VendorClient {
  const byName = new Map(vendors.map((vendor) => [vendor.name, vendor]));
  return {
    read: async (connection: { name: string }, request: VendorRequest, _scope: unknown, reader: BodyReader<unknown>) => ({
      value: (await reader.read(byName.get(connection.name)!.serve(request), 0)).value,
      requests: 0,
      latencyMs: 0,
      fetchedAt: 0,
    }),
  } as unknown as VendorClient;
}

export function memoryAgent(vendors: MemoryVendor[]): LogicalAgent {
  return {
    id: 'memory-agent',
    name: 'Memory agent',
    org: 'acme',
    department: null,
    sources: vendors.map((vendor) => ({
      runtime: { name: vendor.name, adapter: vendor.adapter, binding: { connection: vendor.name }, lagMs: vendor.lagMs },
      connection: {
        ...DEFAULT_CONNECTION,
        name: vendor.name,
        adapter: vendor.adapter,
        baseUrl: 'http://memory.invalid',
        credential: 'memory',
        timeoutMs: 1_000,
        maxConcurrency: 1,
      },
      vendorAgentId: 'memory-agent',
      boundUserIds: [],
    })),
  };
}
