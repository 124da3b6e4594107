import { Type } from '@sinclair/typebox';
import { positiveInteger, withDefault } from './schema-parts.js';

/** The `limits` section of the configuration: what one gateway request may cost. */
export const limitsSchema = Type.Object(
  {
    requestDeadlineMs: withDefault(
      positiveInteger({ description: 'every vendor call, retry and wait of one gateway request fits in it; what arrived by then is returned, marked partial' }),
      10_000,
    ),
    maxResponseBytes: withDefault(
      positiveInteger({
        description:
          'largest vendor response body read (a larger one is `VENDOR_BAD_RESPONSE`), and largest answer a page with `include=raw` writes (rows past it wait for the next page)',
      }),
      10 * 1024 * 1024,
    ),
    maxPagesPerRequest: withDefault(positiveInteger({ description: 'vendor pages one source may read for one gateway page (`PAGE_CAP_REACHED` beyond)' }), 100),
    maxVendorCallsPerRequest: withDefault(
      positiveInteger({
        description:
          'vendor calls (retries included, cache hits free) one gateway page, or one monitor page, may make across all its sources. Each call takes its place before it is made, so the cap is never exceeded. Once spent, no new read starts (pages already read ahead are still taken): the page ends with the rows proven so far, marked partial, the stopped sources say `CALL_CAP_REACHED`, and `nextCursor` goes on past every vendor page read',
      }),
      40,
    ),
    maxVendorCallsPerExport: withDefault(
      positiveInteger({
        description: 'vendor calls one export may make; past them it ends with a trailer `complete: false`, `cut.reason: calls` and a cursor to resume',
      }),
      2_000,
    ),
    maxVendorCallsPerCount: withDefault(
      positiveInteger({
        description:
          'vendor calls (retries included, cache hits free) one count of a filter (`GET /v1/agents/{agentId}/conversations/counts`) may make across all its sources; once spent its counts are partial (`partialBecause: calls`), each stopped source says `CALL_CAP_REACHED`',
      }),
      400,
    ),
    countCacheTtlMs: withDefault(
      Type.Integer({
        minimum: 0,
        description:
          'how long a complete count of a filter is answered again without reading vendors (per organization, agent and filter; in Redis with a store); a partial count is never kept; `0` keeps none',
      }),
      30_000,
    ),
    vendorCallsPerRateLimitUnit: withDefault(
      positiveInteger({
        description:
          'every this many vendor calls of a request (a page, an export, the monitor) cost its caller one more unit of `rateLimit.max`, charged as they are made; an export whose charge is refused ends with `cut.reason: rate-limited`',
      }),
      20,
    ),
    maxConcurrentExportsPerCaller: withDefault(
      positiveInteger({ description: 'exports one caller (`org` + `sub`) may have open at once on a replica; one more is a 429' }),
      2,
    ),
    maxConcurrentExportsPerOrg: withDefault(positiveInteger({ description: 'exports one organization may have open at once on a replica; one more is a 429' }), 8),
    connectTimeoutMs: withDefault(positiveInteger({ description: 'TCP/TLS connect timeout to a vendor' }), 3_000),
  },
  { additionalProperties: false, description: 'What one gateway request may cost.' },
);
