import type { FastifyInstance } from 'fastify';
import type { Row } from '../../src/contract/index.js';

export interface PageBody {
  success: boolean;
  data: {
    rows: Row[];
    pagination: { limit: number; hasMore: boolean; nextCursor: string | null };
    sources: { source: string; status: string; requests: number; skipped: number; error?: { code: string; message: string } }[];
    partial: boolean;
  };
}

export function getPage(app: FastifyInstance, token: string, agentId: string, query: Record<string, string>) {
  return getPageAt(app, token, `/v1/agents/${agentId}/conversations`, query);
}

/** A page of any merged list: an agent's (`/v1/agents/{id}/conversations`), a contact search (`/v1/conversations`). */
export async function getPageAt(app: FastifyInstance, token: string, url: string, query: Record<string, string>) {
  const response = await app.inject({
    method: 'GET',
    url,
    query,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.statusCode, body: response.json() as PageBody & { error?: string; message?: string } };
}

export interface Walk {
  rows: Row[];
  pages: PageBody['data'][];
  /** Vendor requests per source over the whole walk. */
  requests: Record<string, number>;
}

/** Follows nextCursor to the end; `between` runs before each page after the first. */
export function walkAll(
  app: FastifyInstance,
  token: string,
  agentId: string,
  query: Record<string, string>,
  between?: (pageIndex: number) => void | Promise<void>,
  maxPages = 2_000,
): Promise<Walk> {
  return walkAllAt(app, token, `/v1/agents/${agentId}/conversations`, query, between, maxPages);
}

export async function walkAllAt(
  app: FastifyInstance,
  token: string,
  url: string,
  query: Record<string, string>,
  between?: (pageIndex: number) => void | Promise<void>,
  maxPages = 2_000,
): Promise<Walk> {
  const walk: Walk = { rows: [], pages: [], requests: {} };
  let cursor: string | null = null;
  for (let index = 0; index < maxPages; index += 1) {
    if (index > 0) await between?.(index);
    const { status, body } = await getPageAt(app, token, url, cursor ? { ...query, cursor } : query);
    if (status !== 200) throw new Error(`page ${index} answered ${status}: ${JSON.stringify(body)}`);
    walk.pages.push(body.data);
    walk.rows.push(...body.data.rows);
    for (const source of body.data.sources) walk.requests[source.source] = (walk.requests[source.source] ?? 0) + source.requests;
    cursor = body.data.pagination.nextCursor;
    if (!body.data.pagination.hasMore) {
      if (cursor !== null) throw new Error('hasMore false but a nextCursor was given');
      return walk;
    }
    if (cursor === null) throw new Error('hasMore true without a nextCursor');
  }
  throw new Error(`walk did not end within ${maxPages} pages`);
}

export function duplicates(ids: string[]): string[] {
  const seen = new Set<string>();
  return ids.filter((id) => (seen.has(id) ? true : (seen.add(id), false)));
}
