import { Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { exportChunks } from '../export/export-lines.js';
import { trailerOf, type ExportTrailer } from '../export/export-trailer.js';
import { MergedRowSource } from '../export/merged-row-source.js';
import type { GatewayContext } from '../gateway-context.js';
import type { ExportIncludes } from '../export/csv-columns.js';
import { parseFilters, parseInclude, splitList } from './conversations-query.js';
import { exportQuerySchema, type ExportQuery } from './export-query.js';
import { readableAgent } from './readable-agent.js';
import { callerGone } from '../http/caller-gone.js';
import { callerKey } from '../http/rate-limiting.js';
import { agentIdParamsSchema, errorResponses } from './route-schemas.js';

/** HTTP trailers of a CSV export: a CSV client tells complete from cut by `X-Export-Complete: true`. */
export const CSV_TRAILERS = {
  'x-export-complete': (trailer: ExportTrailer) => String(trailer.complete),
  'x-export-partial': (trailer: ExportTrailer) => String(trailer.partial),
  'x-export-rows': (trailer: ExportTrailer) => String(trailer.rows),
  'x-export-cursor': (trailer: ExportTrailer) => trailer.cursor ?? '',
  'x-export-sync-token': (trailer: ExportTrailer) => trailer.syncToken ?? '',
  'x-export-cut': (trailer: ExportTrailer) => (trailer.cut ? asciiJson(trailer.cut) : ''),
  'x-export-vendor-calls': (trailer: ExportTrailer) => String(trailer.vendorCalls),
  'x-export-sources': (trailer: ExportTrailer) => asciiJson(trailer.sources),
  'x-export-transcripts': (trailer: ExportTrailer) => (trailer.transcripts ? asciiJson(trailer.transcripts) : ''),
  'x-export-links': (trailer: ExportTrailer) => (trailer.links ? asciiJson(trailer.links) : ''),
} as const;

/** `GET /v1/agents/{agentId}/conversations/export`. */
export const exportRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Params: { agentId: string }; Querystring: ExportQuery }>(
      '/v1/agents/:agentId/conversations/export',
      {
        schema: {
          summary: "Every row of an agent's filtered walk, streamed as NDJSON or CSV",
          description:
            'The rows of the page walk with the same filters, in the same order, one per line. NDJSON ends with ' +
            '{"trailer": {rows, complete, partial, cursor, syncToken?, sources}}; CSV carries the same in the HTTP ' +
            'trailers X-Export-*. No trailer, or complete=false, means the export was cut: resume with its cursor.',
          operationId: 'exportConversations',
          tags: ['conversations'],
          security: [{ bearerAuth: [] }],
          params: agentIdParamsSchema,
          querystring: exportQuerySchema,
          response: {
            200: {
              description: 'The rows, streamed: one JSON object per line and a trailer line (NDJSON), or CSV with its trailer in HTTP trailers',
              content: {
                'application/x-ndjson': { schema: { type: 'string' } },
                'text/csv': { schema: { type: 'string' } },
              },
            },
            ...errorResponses,
          },
        },
      },
      async (request, reply) => {
        const agent = readableAgent(context, request.caller, request.params.agentId);
        const { query } = request;
        const format = query.format ?? 'ndjson';
        const include = parseInclude(query.include, ['raw', 'summary', 'transcript']);
        const { limits } = context.config;
        const release = context.exportSlots.take(callerKey(request), request.caller.org);
        reply.raw.once('close', release);
        const source = new MergedRowSource(
          context,
          {
            agent,
            callerOrg: request.caller.org,
            filters: parseFilters(query),
            sources: query.sources === undefined ? undefined : splitList(query.sources),
            cursor: query.cursor,
            syncToken: query.syncToken,
            includeRaw: include.raw,
            includeSummary: include.summary,
            includeTranscript: include.transcript,
            duplicates: query.duplicates ?? 'show',
          },
          {
            cancel: AbortSignal.any([callerGone(reply), context.draining]),
            maxVendorCalls: limits.maxVendorCallsPerExport,
            ...(context.rateLimit ? { onCall: context.rateLimit.vendorCallCharge(request, limits.vendorCallsPerRateLimitUnit) } : {}),
          },
        );
        try {
          // The first pages are read before the status line: every source failing is still a 502.
          await source.prime();
        } catch (error) {
          source.close();
          release();
          throw error;
        }
        return streamExport(reply, source, format, include, context);
      },
    );
  };

function streamExport(reply: FastifyReply, source: MergedRowSource, format: 'ndjson' | 'csv', include: ExportIncludes, context: GatewayContext) {
  reply.header('cache-control', 'no-store');
  if (format === 'csv') {
    reply.type('text/csv; charset=utf-8; header=present');
    let trailer: Promise<ExportTrailer> | undefined;
    for (const [name, value] of Object.entries(CSV_TRAILERS)) reply.trailer(name, async () => value(await (trailer ??= trailerOf(source))));
  } else {
    reply.type('application/x-ndjson; charset=utf-8');
  }
  // One chunk waits at most: a slow reader stops the walk here.
  const chunks = context.serving.countedExport(exportChunks(source, format, include, context.scrub), format, source);
  return reply.send(Readable.from(chunks, { objectMode: true, highWaterMark: 1 }));
}

/** Header values must be ASCII: JSON with every other character escaped. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
