import type { LogicalAgent } from '../../src/agents/agent-directory.js';
import type { Row } from '../../src/contract/index.js';
import { readConversationsPage, type PageDependencies, type PageRequest } from '../../src/conversations/read-conversations-page.js';
import { CursorCodec } from '../../src/cursor/cursor-codec.js';
import { LocalVendorCursors } from '../../src/cursor/vendor-cursor-store.js';
import { exportChunks } from '../../src/export/export-lines.js';
import type { ExportTrailer } from '../../src/export/export-trailer.js';
import { MergedRowSource } from '../../src/export/merged-row-source.js';
import { SyncTokenCodec } from '../../src/sync/sync-token-codec.js';
import type { VendorClient } from '../../src/upstream/vendor-client.js';

const SECRET = 'memory-export-cursor-secret';

export function memoryDeps(client: VendorClient, now: () => number = Date.now): PageDependencies {
  return {
    client,
    codec: new CursorCodec([SECRET]),
    vendorCursors: new LocalVendorCursors(),
    syncTokens: new SyncTokenCodec([SECRET]),
    settings: { requestDeadlineMs: 60_000, cursorTtlMs: 3_600_000, maxPagesPerRequest: 10_000, maxVendorCallsPerRequest: 1_000_000 },
    now,
  };
}

type WalkOptions = Partial<Omit<PageRequest, 'agent' | 'limit'>>;

function baseRequest(agent: LogicalAgent, options: WalkOptions) {
  return { agent, callerOrg: 'acme', filters: {}, includeRaw: false, includeSummary: false, ...options };
}

/** The export's NDJSON body as a reader parses it. */
export async function memoryExport(deps: PageDependencies, agent: LogicalAgent, options: WalkOptions = {}): Promise<{ rows: Row[]; trailer: ExportTrailer }> {
  const source = new MergedRowSource(deps, baseRequest(agent, options));
  await source.prime();
  let body = '';
  for await (const chunk of exportChunks(source, 'ndjson', { raw: false, transcript: false })) body += chunk;
  const values = body.trim().split('\n').map((line) => JSON.parse(line) as Row | { trailer: ExportTrailer });
  const last = values.pop() as { trailer: ExportTrailer };
  return { rows: values as Row[], trailer: last.trailer };
}

/** A client following nextCursor; `between` runs before each page after the first. */
export async function memoryPageWalk(
  deps: PageDependencies,
  agent: LogicalAgent,
  limit: number,
  options: WalkOptions = {},
  between: () => void = () => {},
): Promise<{ rows: Row[]; syncToken: string | undefined }> {
  const rows: Row[] = [];
  let cursor = options.cursor;
  for (let page = 0; page < 10_000; page += 1) {
    if (page > 0) between();
    const request = { ...baseRequest(agent, options), limit, strict: false, cursor };
    if (page > 0) delete request.syncToken;
    const result = await readConversationsPage(deps, request);
    rows.push(...result.rows);
    if (!result.pagination.hasMore) return { rows, syncToken: result.pagination.syncToken };
    cursor = result.pagination.nextCursor!;
  }
  throw new Error('the walk did not end');
}
