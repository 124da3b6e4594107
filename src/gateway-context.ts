import type { AgentDirectory } from './agents/agent-directory.js';
import type { GatewayConfig } from './config/gateway-config.js';
import type { DetailAnswers } from './conversations/detail-answers.js';
import type { FinishedDetails } from './conversations/finished-details.js';
import type { CountCache } from './conversations/count-cache.js';
import type { PageResponseCache } from './conversations/page-response-cache.js';
import type { PageDependencies } from './conversations/read-conversations-page.js';
import type { CallerRateLimit } from './http/rate-limiting.js';
import type { ExportSlots } from './export/export-slots.js';
import type { Fleet } from './store/fleet.js';
import type { ServingMetrics } from './telemetry/serving-metrics.js';
import type { Webhooks } from './webhooks/webhooks.js';

/** What the routes share: the resolved agents, the vendor client, the cursor codec. */
export interface GatewayContext extends PageDependencies {
  config: GatewayConfig;
  directory: AgentDirectory;
  /** What this replica shares with others through the store (or keeps in-process without one). */
  fleet: Fleet;
  /** Merged pages kept while their vendor pages are fresh (`page-response-cache.ts`). */
  pageResponses: PageResponseCache;
  /** Complete counts of a filter, kept for `limits.countCacheTtlMs` (`count-cache.ts`). */
  counts: CountCache;
  /** Pages and exports served, in `/metrics`. */
  serving: ServingMetrics;
  /** False until start-up finished and again once shutdown began. */
  ready: boolean;
  /** The per-caller rate limit, where vendor calls are charged; absent when it is off. */
  rateLimit?: CallerRateLimit;
  /** Aborts once shutdown began: open exports end there, with a trailer that says so. */
  draining: AbortSignal;
  /** Details of finished conversations, kept long (`connection.detailCacheTtlMs`). */
  finishedDetails: FinishedDetails;
  /** Answers of the detail route for finished conversations, kept serialized as long as their details. */
  detailAnswers: DetailAnswers;
  /** Blanks every configured secret out of a text the gateway writes (response bodies, export chunks). */
  scrub(text: string): string;
  /** Exports open at once, per caller and per organization. */
  exportSlots: ExportSlots;
  /** Changes pushed to subscribers; absent without `webhooks` in the config. */
  webhooks?: Webhooks;
}
