import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/contract/index.js';
import { matchesFilters, type ConversationFilters } from '../../src/filters/conversation-filters.js';
import { keyOfRow } from '../../src/merge/row-key.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { walkAll } from '../support/walk.js';

/**
 * ElevenLabs duration, success, rating and tag filters go to the vendor: the filtered walk
 * still equals the unfiltered walk filtered locally, and it costs fewer vendor requests.
 */

let sandbox: SandboxApp;
let source: string;
let everything: Row[];
let unfilteredRequests: number;
const LIMIT = '10';

beforeAll(async () => {
  // No page cache: every page read is a vendor request, so the counts compare like with like.
  sandbox = await startSandboxApp({
    seed: 9,
    adjust: (config) => {
      for (const connection of Object.values(config.connections)) connection.cacheTtlMs = 0;
    },
  });
  source = Object.entries(sandbox.world.config.connections).find(([, connection]) => connection.adapter === 'elevenlabs')![0];
  const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { sources: source, limit: LIMIT });
  everything = walk.rows;
  unfilteredRequests = walk.requests[source]!;
});
afterAll(async () => {
  await sandbox.close();
});

function cases(): { name: string; query: Record<string, string>; filters: ConversationFilters }[] {
  const tag = everything.find((row) => row.tags.length > 0)!.tags[0]!;
  return [
    { name: 'minDurationSec', query: { minDurationSec: '900' }, filters: { minDurationSec: 900 } },
    { name: 'maxDurationSec', query: { maxDurationSec: '60' }, filters: { maxDurationSec: 60 } },
    { name: 'successful=false', query: { successful: 'false' }, filters: { successful: false } },
    { name: 'minRating', query: { minRating: '4' }, filters: { minRating: 4 } },
    { name: 'one tag', query: { tags: tag }, filters: { tags: [tag] } },
  ];
}

describe('elevenlabs push-down', () => {
  it('every filtered walk equals the unfiltered walk filtered locally, with fewer vendor requests', async () => {
    const drops: string[] = [];
    for (const entry of cases()) {
      const local = everything.filter((row) => matchesFilters(row, entry.filters, keyOfRow(row).t));
      expect(local.length, `${entry.name} selects something`).toBeGreaterThan(0);
      expect(local.length, `${entry.name} drops something`).toBeLessThan(everything.length);
      const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { ...entry.query, sources: source, limit: LIMIT });
      expect(walk.rows.map((row) => row.id), entry.name).toEqual(local.map((row) => row.id));
      expect(walk.requests[source]!, entry.name).toBeLessThan(unfilteredRequests);
      drops.push(`${entry.name}: ${walk.requests[source]} of ${unfilteredRequests}`);
    }
    expect(drops).toHaveLength(cases().length);
  }, 120_000);

  it('the vendor saw the pushed-down parameters', () => {
    const simulator = sandbox.world.simulators.get(source)!;
    const sent = (name: string, value?: string) => simulator.requests.some((request) => name in request.query && (value === undefined || request.query[name] === value));
    expect(sent('call_duration_min_secs', '900')).toBe(true);
    expect(sent('call_duration_max_secs', '60')).toBe(true);
    expect(sent('call_successful', 'failure')).toBe(true);
    expect(sent('rating_min', '3')).toBe(true);
    expect(sent('tag_ids')).toBe(true);
  });
});
