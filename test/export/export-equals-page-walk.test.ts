import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../src/export/csv-columns.js';
import type { SandboxAgentPlan } from '../../src/sandbox/sandbox-agents.js';
import { exportNdjson } from '../support/export-client.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { duplicates, walkAll } from '../support/walk.js';

/** Several thousand rows across every vendor kind: page numbers, cursors, a whole window. */
const BULK_AGENT: SandboxAgentPlan = {
  id: 'bulk-bot',
  name: 'Bulk bot',
  org: 'acme',
  department: 'support',
  sources: [
    { vendor: 'convocore', agentKey: 'cc-bulk', count: 900 },
    { vendor: 'chatdash', agentKey: 'cd-bulk', count: 700 },
    { vendor: 'elevenlabs', agentKey: 'agent_bulk', count: 900 },
    { vendor: 'tether', agentKey: 'bulk-desk', count: 800 },
    { vendor: 'vapi', agentKey: 'asst_bulk', count: 300 },
    { vendor: 'retell', agentKey: 'agent_retell_bulk', count: 300 },
  ],
};

let sandbox: SandboxApp;
let everything: Awaited<ReturnType<typeof walkAll>>;

beforeAll(async () => {
  sandbox = await startSandboxApp({ agents: [BULK_AGENT] });
  everything = await walkAll(sandbox.app, sandbox.token(), 'bulk-bot', { limit: '100' });
}, 120_000);
afterAll(async () => {
  await sandbox.close();
});

/** Filters built from the data itself, so each one keeps some rows and drops others. */
function filterCases(): Record<string, Record<string, string>> {
  const times = everything.rows.map((row) => row.lastActivityAt).filter((time): time is string => time !== null);
  const tag = everything.rows.flatMap((row) => row.tags)[0]!;
  return {
    'no filter': {},
    'include=raw': { include: 'raw' },
    'include=summary': { include: 'summary' },
    'since and until': { since: times[Math.floor(times.length * 0.7)]!, until: times[Math.floor(times.length * 0.2)]! },
    channel: { channel: 'voice,webchat' },
    state: { state: 'resolved,autopilot' },
    sources: { sources: 'tether,elevenlabs' },
    q: { q: 'a' },
    duration: { minDurationSec: '60', maxDurationSec: '600' },
    successful: { successful: 'true' },
    rating: { minRating: '3', maxRating: '5' },
    tags: { tags: tag },
  };
}

describe('the export equals the concatenated page walk, row for row', () => {
  it('the agent has several thousand rows from every vendor', () => {
    expect(everything.rows.length).toBeGreaterThan(3_500);
    expect(new Set(everything.rows.map((row) => row.vendor)).size).toBe(6);
  });

  it('for every filter (NDJSON)', async () => {
    for (const [name, query] of Object.entries(filterCases())) {
      const pages = await walkAll(sandbox.app, sandbox.token(), 'bulk-bot', { ...query, limit: '100' });
      const exported = await exportNdjson(sandbox.app, sandbox.token(), 'bulk-bot', query);
      expect(exported.status, name).toBe(200);
      expect(pages.rows.length, name).toBeGreaterThan(0);
      expect(exported.rows, name).toEqual(pages.rows);
      expect(duplicates(exported.rows.map((row) => row.id)), name).toEqual([]);
      expect(exported.trailer, name).toMatchObject({ rows: pages.rows.length, complete: true, partial: false, cursor: null });
      expect(exported.trailer!.syncToken, name).toEqual(expect.any(String));
      expect(exported.trailer!.sources.map((source) => source.status).every((status) => status === 'ok' || status === 'skipped'), name).toBe(true);
    }
  }, 300_000);

  it('CSV parses with an ordinary parser into the same rows, and says it is complete in its trailers', async () => {
    for (const query of [{}, { channel: 'voice', include: 'raw' }] as Record<string, string>[]) {
      const pages = await walkAll(sandbox.app, sandbox.token(), 'bulk-bot', { ...query, limit: '100' });
      const response = await sandbox.app.inject({
        url: '/v1/agents/bulk-bot/conversations/export',
        query: { ...query, format: 'csv' },
        headers: { authorization: `Bearer ${sandbox.token()}` },
      });
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const records = parse(response.payload, { columns: true }) as Record<string, string>[];
      const header = (parse(response.payload.slice(0, response.payload.indexOf('\r\n')), {}) as string[][])[0];
      expect(header).toEqual('include' in query ? [...CSV_COLUMNS, 'raw'] : [...CSV_COLUMNS]);
      expect(records.length).toBe(pages.rows.length);
      records.forEach((record, index) => {
        const row = pages.rows[index]!;
        expect(record.id).toBe(row.id);
        expect(record.lastActivityAt).toBe(row.lastActivityAt ?? '');
        expect(record.contactName).toBe(row.contactName ?? '');
        expect(record.lastMessagePreview).toBe(row.lastMessagePreview ?? '');
        expect(record.durationSec).toBe(row.durationSec === null ? '' : String(row.durationSec));
        expect(record.successful).toBe(row.successful === null ? '' : String(row.successful));
        expect(record.tags === '' ? [] : record.tags!.split(';')).toEqual(row.tags);
        expect(record.costAmount).toBe(row.cost === null ? '' : String(row.cost.amount));
        expect(record.costCurrency).toBe(row.cost?.currency ?? '');
        if ('include' in query) expect(JSON.parse(record.raw!)).toEqual(row.raw);
      });
      expect(response.trailers).toMatchObject({ 'x-export-complete': 'true', 'x-export-partial': 'false', 'x-export-rows': String(pages.rows.length), 'x-export-cursor': '' });
      expect(response.trailers['x-export-sync-token']).not.toBe('');
      expect(JSON.parse(response.trailers['x-export-sources']!)).toHaveLength(6);
    }
  }, 120_000);
});
