import type { LogicalAgent } from '../agents/agent-directory.js';
import type { CursorCodec } from '../cursor/cursor-codec.js';
import type { VendorCursorStore } from '../cursor/vendor-cursor-store.js';
import type { ConversationFilters } from '../filters/conversation-filters.js';
import type { LinkLookups } from '../links/link-lookups.js';
import type { DuplicatesMode } from '../links/row-links.js';
import type { SyncTokenCodec } from '../sync/sync-token-codec.js';
import type { VendorClient } from '../upstream/vendor-client.js';

/** What a walk of an agent's conversations is asked for, and what it needs to run: a page's, an export's. */

export interface PageSettings {
  requestDeadlineMs: number;
  cursorTtlMs: number;
  maxPagesPerRequest: number;
  /** Vendor calls one gateway page may make across its sources. */
  maxVendorCallsPerRequest: number;
  /** Largest answer a page with `include=raw` may write (`raw-size-limit.ts`); unbounded when absent. */
  maxResponseBytes?: number;
}

export interface PageRequest {
  agent: LogicalAgent;
  /** The organization the caller acts for; a cursor only works for the same one. */
  callerOrg: string;
  filters: ConversationFilters;
  /** Connection names to read; every source of the agent when absent. */
  sources?: string[];
  limit: number;
  cursor?: string;
  /** Starts a delta walk: only rows new or touched since the walk that issued it. */
  syncToken?: string;
  includeRaw: boolean;
  includeSummary: boolean;
  strict: boolean;
  /** A copy and its original on two sources of the agent: `show` both unlinked (default), `link` them, `hide` the copy. */
  duplicates?: DuplicatesMode;
}

export interface PageDependencies {
  client: VendorClient;
  codec: CursorCodec;
  /** Where vendor cursors too long to carry in a cursor are kept. */
  vendorCursors: VendorCursorStore;
  /** Confirms links between copies and originals (`duplicates`); without it a walk links nothing. */
  linkLookups?: LinkLookups;
  /** Signs the last page's `syncToken`; without it no walk issues one. */
  syncTokens?: SyncTokenCodec;
  settings: PageSettings;
  /** The clock of cursor issue and expiry (tests move it); deadlines use the real clock. */
  now(): number;
}
