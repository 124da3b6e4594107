import type { FastifyInstance } from 'fastify';
import type { StalledPage, StalledRow } from '../../src/monitor/read-stalled-page.js';

export interface StalledBody {
  success: boolean;
  data: StalledPage;
  error?: string;
  message?: string;
}

export async function getStalled(app: FastifyInstance, token: string, query: Record<string, string> = {}) {
  const response = await app.inject({ method: 'GET', url: '/v1/monitor/stalled', query, headers: { authorization: `Bearer ${token}` } });
  return { status: response.statusCode, body: response.json() as StalledBody };
}

/** Follows nextCursor to the end; `between` runs before each page after the first. */
export async function walkStalled(
  app: FastifyInstance,
  token: string,
  query: Record<string, string>,
  between?: (pageIndex: number) => void | Promise<void>,
): Promise<{ rows: StalledRow[]; pages: StalledPage[] }> {
  const walk = { rows: [] as StalledRow[], pages: [] as StalledPage[] };
  let cursor: string | null = null;
  for (let index = 0; index < 1_000; index += 1) {
    if (index > 0) await between?.(index);
    const { status, body } = await getStalled(app, token, cursor ? { ...query, cursor } : query);
    if (status !== 200) throw new Error(`page ${index} answered ${status}: ${JSON.stringify(body)}`);
    walk.pages.push(body.data);
    walk.rows.push(...body.data.rows);
    cursor = body.data.pagination.nextCursor;
    if (!body.data.pagination.hasMore) return walk;
    if (cursor === null) throw new Error('hasMore true without a nextCursor');
  }
  throw new Error('walk did not end');
}
