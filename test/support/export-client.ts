import type { FastifyInstance } from 'fastify';
import type { Row } from '../../src/contract/index.js';
import type { ExportTrailer } from '../../src/export/export-trailer.js';

export interface NdjsonExport {
  status: number;
  rows: Row[];
  trailer: ExportTrailer | undefined;
  body: string;
}

/** The export as an ordinary NDJSON reader sees it: one JSON value per line, the last one the trailer. */
export async function exportNdjson(app: FastifyInstance, token: string, agentId: string, query: Record<string, string>): Promise<NdjsonExport> {
  const response = await app.inject({
    method: 'GET',
    url: `/v1/agents/${agentId}/conversations/export`,
    query,
    headers: { authorization: `Bearer ${token}` },
  });
  if (response.statusCode !== 200) return { status: response.statusCode, rows: [], trailer: undefined, body: response.payload };
  const values = response.payload
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Row | { trailer: ExportTrailer });
  const last = values[values.length - 1];
  const trailer = last && 'trailer' in last ? last.trailer : undefined;
  return { status: 200, rows: (trailer ? values.slice(0, -1) : values) as Row[], trailer, body: response.payload };
}
