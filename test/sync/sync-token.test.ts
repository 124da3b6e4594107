import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyOfRow } from '../../src/merge/row-key.js';
import { CLOCK_SKEW_ALLOWANCE_MS } from '../../src/sync/walk-sync.js';
import { adapterModules } from '../../adapters/index.js';
import { exportNdjson } from '../support/export-client.js';
import { startSandboxApp, TEST_NOW, type SandboxApp } from '../support/sandbox-app.js';
import { getPage, walkAll } from '../support/walk.js';

/** The gateway's clock, an hour after the simulated data's "now". */
let clock = TEST_NOW + 60 * 60_000;
let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});

const lagMsOf = (vendor: string) => (adapterModules.find((module) => module.adapter.vendor === vendor)!.adapter.changeLagSeconds ?? 60) * 1000;

describe('syncToken on the page endpoint and the export', () => {
  it('only the last page of a walk carries a syncToken; a delta from it holds the rows inside each source margin, in order', async () => {
    clock = TEST_NOW + 5 * 60_000;
    const full = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '100' });
    expect(full.pages.slice(0, -1).every((page) => !('syncToken' in page.pagination))).toBe(true);
    const token = (full.pages.at(-1)!.pagination as { syncToken?: string }).syncToken!;
    expect(token).toEqual(expect.any(String));
    const watermark = clock;

    clock += 60 * 60_000;
    const delta = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '100', syncToken: token });
    const expected = full.rows.filter((row) => {
      const t = keyOfRow(row).t;
      return t !== null && t >= watermark - lagMsOf(row.vendor) - CLOCK_SKEW_ALLOWANCE_MS;
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(full.rows.length);
    expect(delta.rows.map((row) => row.id)).toEqual(expected.map((row) => row.id));
    const next = (delta.pages.at(-1)!.pagination as { syncToken?: string }).syncToken;
    expect(next).toEqual(expect.any(String));
    expect(next).not.toBe(token);

    const exported = await exportNdjson(sandbox.app, sandbox.token(), 'support-bot', { syncToken: token });
    expect(exported.rows).toEqual(delta.rows);
    expect(exported.trailer).toMatchObject({ complete: true, rows: delta.rows.length });
    expect(exported.trailer!.syncToken).toEqual(expect.any(String));

    // Nothing changed since the delta began: the next delta is empty.
    const empty = await getPage(sandbox.app, sandbox.token(), 'support-bot', { syncToken: next! });
    expect(empty.body.data.rows).toEqual([]);
  }, 60_000);

  it('a token is bound to its agent, org and filters, and a changed byte is refused', async () => {
    const last = await walkAll(sandbox.app, sandbox.token(), 'sales-bot', { limit: '100', channel: 'voice' });
    const token = (last.pages.at(-1)!.pagination as { syncToken?: string }).syncToken!;
    const other = await getPage(sandbox.app, sandbox.token(), 'sales-bot', { syncToken: token });
    expect(other.status).toBe(400);
    expect(other.body.error).toBe('CURSOR_MISMATCH');
    const agent = await getPage(sandbox.app, sandbox.token(), 'support-bot', { syncToken: token, channel: 'voice' });
    expect(agent.body.error).toBe('CURSOR_MISMATCH');
    const superadmin = await getPage(sandbox.app, sandbox.token({ role: 'SUPERADMIN', org: 'globex' }), 'sales-bot', { syncToken: token, channel: 'voice' });
    expect(superadmin.body.error).toBe('CURSOR_MISMATCH');
    const flipped = token.slice(0, 5) + (token[5] === 'A' ? 'B' : 'A') + token.slice(6);
    expect((await getPage(sandbox.app, sandbox.token(), 'sales-bot', { syncToken: flipped, channel: 'voice' })).body.error).toBe('INVALID_CURSOR');
    const exported = await exportNdjson(sandbox.app, sandbox.token(), 'sales-bot', { syncToken: flipped, channel: 'voice' });
    expect(exported.status).toBe(400);
  });

  it('a cursor is not a sync token, nor a sync token a cursor; later pages of a delta take only the cursor', async () => {
    const first = await getPage(sandbox.app, sandbox.token(), 'support-bot', { limit: '5' });
    const cursor = first.body.data.pagination.nextCursor!;
    expect((await getPage(sandbox.app, sandbox.token(), 'support-bot', { syncToken: cursor })).body.error).toBe('INVALID_CURSOR');
    const token = (await walkAll(sandbox.app, sandbox.token(), 'sales-bot', { limit: '100' })).pages.at(-1)!.pagination as { syncToken?: string };
    expect((await getPage(sandbox.app, sandbox.token(), 'sales-bot', { cursor: token.syncToken! })).body.error).toBe('INVALID_CURSOR');
    const both = await getPage(sandbox.app, sandbox.token(), 'support-bot', { syncToken: token.syncToken!, cursor });
    expect(both.status).toBe(400);
    expect(both.body.error).toBe('BAD_REQUEST');
  });
});
