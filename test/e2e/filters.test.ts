import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Row } from '../../src/contract/index.js';
import { FILTERS } from '../../src/filters/row-filters.js';
import { expectedRows } from '../support/expected-rows.js';
import { rowMatchesQuery } from '../support/oracle/query-filter.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { walkAll } from '../support/walk.js';

let sandbox: SandboxApp;
let everything: Row[];

beforeAll(async () => {
  sandbox = await startSandboxApp({ seed: 5 });
  everything = (await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '100', include: 'summary' })).rows;
});
afterAll(async () => {
  await sandbox.close();
});

/**
 * Picks filter values from the data itself so every filter selects some rows and drops
 * others, and every bound sits exactly on some row's value (inclusive or exclusive shows).
 */
function cases(): { name: string; query: Record<string, string> }[] {
  const timed = everything.filter((row) => row.lastActivityAt !== null);
  const at = (fraction: number) => timed[Math.floor(timed.length * fraction)]!.lastActivityAt!;
  const withTag = everything.find((row) => row.tags.length > 0)!.tags[0]!;
  const named = everything.find((row) => row.contactName !== null && row.contactName.length > 3)!.contactName!;
  const fragment = named.slice(1, 4).toUpperCase();
  const durations = everything.map((row) => row.durationSec).filter((value): value is number => value !== null).sort((a, b) => a - b);
  const duration = (fraction: number) => String(durations[Math.floor(durations.length * fraction)]);
  return [
    { name: 'since', query: { since: at(0.6) } },
    { name: 'until', query: { until: at(0.3) } },
    { name: 'since and until', query: { since: at(0.7), until: at(0.2) } },
    { name: 'channel', query: { channel: 'voice,sms' } },
    { name: 'state', query: { state: 'resolved' } },
    { name: 'q', query: { q: fragment } },
    { name: 'minDurationSec', query: { minDurationSec: '300' } },
    { name: 'maxDurationSec', query: { maxDurationSec: '120' } },
    { name: 'minDurationSec on a row value', query: { minDurationSec: duration(0.5) } },
    { name: 'maxDurationSec on a row value', query: { maxDurationSec: duration(0.5) } },
    { name: 'successful=true', query: { successful: 'true' } },
    { name: 'successful=false', query: { successful: 'false' } },
    { name: 'minRating', query: { minRating: '4' } },
    { name: 'maxRating', query: { maxRating: '2' } },
    { name: 'minRating and maxRating on one value', query: { minRating: '3', maxRating: '3' } },
    { name: 'tags', query: { tags: `${withTag},no-such-tag` } },
    { name: 'sources', query: { sources: 'tether,elevenlabs' } },
    { name: 'several at once', query: { since: at(0.8), channel: 'voice,webchat,sms', state: 'autopilot,resolved' } },
  ];
}

describe('each filter: walk(filtered) equals the full walk filtered by the test oracle', () => {
  it('covers every documented filter, and every filter of the table', () => {
    expect(cases().map((entry) => entry.name)).toHaveLength(18);
    const queried = new Set(cases().flatMap((entry) => Object.keys(entry.query)));
    for (const filter of FILTERS) if (filter.query) expect([...queried], filter.name).toContain(filter.name);
  });

  for (const limit of [4, 50]) {
    it(`at limit ${limit}`, async () => {
      for (const entry of cases()) {
        const local = everything.filter((row) => rowMatchesQuery(row, entry.query));
        expect(local.length, `${entry.name} selects something`).toBeGreaterThan(0);
        expect(local.length, `${entry.name} drops something`).toBeLessThan(everything.length);
        const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', {
          ...entry.query,
          limit: String(limit),
          include: 'summary',
        });
        expect(walk.rows.map((row) => row.id), entry.name).toEqual(local.map((row) => row.id));
      }
    }, 120_000);
  }

  it('a date alone is the start of that day in UTC, for since and until', async () => {
    const day = everything.find((row) => row.lastActivityAt !== null)!.lastActivityAt!.slice(0, 10);
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    const ids = async (query: Record<string, string>) => (await walkAll(sandbox.app, sandbox.token(), 'support-bot', { ...query, limit: '100' })).rows.map((row) => row.id);
    for (const [name, date] of [['since', day], ['until', next], ['since', next], ['until', day]] as const) {
      const asDate = await ids({ [name]: date });
      expect(asDate, `${name}=${date}`).toEqual(await ids({ [name]: `${date}T00:00:00Z` }));
      expect(asDate, `${name}=${date}`).toEqual(everything.filter((row) => rowMatchesQuery(row, { [name]: `${date}T00:00:00Z` })).map((row) => row.id));
    }
    expect((await ids({ since: day, until: next })).length).toBeGreaterThan(0);
  });

  it('the unfiltered walk equals the brute-force union, so the local filtering compares against the truth', () => {
    expect(everything.map((row) => row.id)).toEqual(expectedRows(sandbox.world, 'support-bot').map((row) => row.id));
  });
});
