import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import type { Row } from '../../src/contract/index.js';
import { sandboxAgents } from '../../src/sandbox/sandbox-agents.js';
import { sandboxConnectionName } from '../../src/sandbox/sandbox-world.js';
import { expectedRows } from '../support/expected-rows.js';
import { rowsInGatewayOrder } from '../support/oracle/gateway-order.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { getPage, getPageAt, walkAllAt } from '../support/walk.js';

let sandbox: SandboxApp;

beforeAll(async () => {
  sandbox = await startSandboxApp({ seed: 5 });
});
afterAll(async () => {
  await sandbox.close();
});

const SEARCH = '/v1/conversations';

/** The oracle: every row of the agents' simulators with this contact, each id once, in the gateway order. */
function expectedContactRows(agents: string[], matches: (row: Row) => boolean): Row[] {
  const byId = new Map<string, Row>();
  for (const agent of agents) for (const row of expectedRows(sandbox.world, agent)) if (matches(row)) byId.set(row.id, row);
  return rowsInGatewayOrder([...byId.values()]);
}

/** The contact keys of acme's agents, most frequent first. */
function acmeKeys(prefix: string): string[] {
  const counts = new Map<string, number>();
  for (const row of [...expectedRows(sandbox.world, 'support-bot'), ...expectedRows(sandbox.world, 'sales-bot')]) {
    if (row.contactKey?.startsWith(prefix)) counts.set(row.contactKey, (counts.get(row.contactKey) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([key]) => key);
}

const idsOf = (rows: readonly Row[]) => rows.map((row) => row.id);

describe('GET /v1/conversations: one contact across agents', () => {
  it("walks every acme agent's rows with the contact, once each, in order, behind one cursor", async () => {
    for (const key of [...acmeKeys('mailto:').slice(0, 2), ...acmeKeys('tel:').slice(0, 2)]) {
      const walk = await walkAllAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: key, limit: '2' });
      const expected = expectedContactRows(['support-bot', 'sales-bot'], (row) => row.contactKey === key || (key.startsWith('mailto:') && `mailto:${row.contactEmail}` === key));
      expect(expected.length, key).toBeGreaterThan(0);
      expect(idsOf(walk.rows), key).toEqual(idsOf(expected));
    }
  });

  it('finds the same person whichever way the number or the address is written', async () => {
    const tel = acmeKeys('tel:')[0]!;
    const digits = tel.slice('tel:+1'.length);
    const forms = [`+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}`, `001 ${digits}`, tel.slice(4)];
    const byKey = idsOf((await walkAllAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: tel, limit: '50' })).rows);
    for (const phone of forms) expect(idsOf((await walkAllAt(sandbox.app, sandbox.token(), SEARCH, { phone, limit: '50' })).rows), phone).toEqual(byKey);
    const mail = acmeKeys('mailto:')[0]!.slice('mailto:'.length);
    const byMail = idsOf((await walkAllAt(sandbox.app, sandbox.token(), SEARCH, { email: mail, limit: '50' })).rows);
    expect(idsOf((await walkAllAt(sandbox.app, sandbox.token(), SEARCH, { email: ` ${mail.toUpperCase()} `, limit: '50' })).rows)).toEqual(byMail);
  });

  it("never returns another org's rows, even from a connection both orgs bind", async () => {
    const globexAgents = new Set(sandbox.world.bindings.get('globex-helpdesk')!.map((binding) => JSON.stringify(binding)));
    const key = acmeKeys('mailto:')[0]!;
    const acme = await walkAllAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: key, limit: '50' });
    const globexRows = new Set(expectedRows(sandbox.world, 'globex-helpdesk').map((row) => row.id));
    expect(acme.rows.filter((row) => globexRows.has(row.id))).toEqual([]);
    for (const report of acme.pages[0]!.sources) expect(report).toMatchObject({ agents: expect.not.arrayContaining(['globex-helpdesk']) });
    // A SUPERADMIN searches the organization its token names.
    const globex = await walkAllAt(sandbox.app, sandbox.token({ org: 'globex', role: 'SUPERADMIN' }), SEARCH, { contactKey: key, limit: '50' });
    const globexExpected = expectedContactRows(['globex-helpdesk'], (row) => row.contactKey === key || `mailto:${row.contactEmail}` === key);
    expect(idsOf(globex.rows)).toEqual(idsOf(globexExpected));
    expect(globexAgents.size).toBeGreaterThan(0);
  });

  it('scopes by role as agents are scoped: a department head searches its own agents only', async () => {
    const key = acmeKeys('mailto:')[0]!;
    const sales = await walkAllAt(sandbox.app, sandbox.token({ role: 'DEPARTMENT_HEAD', department: 'sales' }), SEARCH, { contactKey: key, limit: '50' });
    const matches = (row: Row) => row.contactKey === key || `mailto:${row.contactEmail}` === key;
    expect(idsOf(sales.rows)).toEqual(idsOf(expectedContactRows(['sales-bot'], matches)));
    expect(new Set(sales.pages[0]!.sources.flatMap((report) => (report as { agents?: string[] }).agents))).toEqual(new Set(['sales-bot']));
    const nobody = await getPageAt(sandbox.app, sandbox.token({ role: 'AGENT', sub: 'no-such-user' }), SEARCH, { contactKey: key });
    expect(nobody.status).toBe(200);
    expect(nobody.body.data).toMatchObject({ rows: [], sources: [], partial: false, pagination: { hasMore: false, nextCursor: null } });
  });

  it('reads a connection bound to two agents with two bindings as two sources, and one bound twice alike once', async () => {
    const page = await getPageAt(sandbox.app, sandbox.token(), SEARCH, { email: 'nobody@example.com', limit: '5' });
    const sources = page.body.data.sources as unknown as { source: string; agents: string[] }[];
    // convocore-eu binds cc-support for support-bot and cc-sales for sales-bot: two vendor agents, two sources.
    expect(sources.filter((report) => report.source === 'convocore-eu').map((report) => report.agents).sort()).toEqual([['sales-bot'], ['support-bot']]);
    const acmeSources = sandboxAgents(adapterModules).filter((agent) => agent.org === 'acme').flatMap((agent) => agent.sources);
    expect(sources.map((report) => report.source).sort()).toEqual(acmeSources.map((source) => sandboxConnectionName(source.vendor)).sort());
  });

  it('applies the list filters too, and sources= names connections of the readable agents', async () => {
    const key = acmeKeys('mailto:')[0]!;
    const matches = (row: Row) => (row.contactKey === key || `mailto:${row.contactEmail}` === key) && row.source === 'convocore-eu';
    const walk = await walkAllAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: key, sources: 'convocore-eu', limit: '3' });
    expect(idsOf(walk.rows)).toEqual(idsOf(expectedContactRows(['support-bot', 'sales-bot'], matches)));
    const unknown = await getPageAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: key, sources: 'nowhere' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/nowhere is not a source of any agent you may read/);
  });

  it('refuses what is not one contact with a 400 that says what to send', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /exactly one of phone, email or contactKey/],
      [{ phone: '+14165550100', email: 'a@example.com' }, /exactly one .*got phone, email/],
      [{ phone: '(416) 555-0100' }, /international form/],
      [{ phone: 'sip:alice@example.com' }, /international form/],
      [{ email: 'not an address' }, /email address/],
      [{ contactKey: 'jane@example.com' }, /tel:<E.164 number> or mailto:<email>/],
      [{ contactKey: 'tel:12' }, /international form/],
      [{ phone: '+14165550100', syncToken: 'x' }, /syncToken/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await getPageAt(sandbox.app, sandbox.token(), SEARCH, query);
      expect(status, JSON.stringify(query)).toBe(400);
      expect(body, JSON.stringify(query)).toMatchObject({ success: false, error: 'BAD_REQUEST', message: expect.stringMatching(message) });
    }
  });

  it("takes only its own cursors: an agent's list cursor is CURSOR_MISMATCH, and the reverse, as is another contact's", async () => {
    const [first, second] = acmeKeys('mailto:');
    const search = await getPageAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: first!, limit: '1' });
    const searchCursor = search.body.data.pagination.nextCursor!;
    const list = await getPage(sandbox.app, sandbox.token(), 'support-bot', { limit: '1' });
    const listCursor = list.body.data.pagination.nextCursor!;
    expect((await getPage(sandbox.app, sandbox.token(), 'support-bot', { limit: '1', cursor: searchCursor })).body.error).toBe('CURSOR_MISMATCH');
    expect((await getPageAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: first!, cursor: listCursor })).body.error).toBe('CURSOR_MISMATCH');
    expect((await getPageAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: second!, cursor: searchCursor })).body.error).toBe('CURSOR_MISMATCH');
    // The same contact written another way is the same search.
    const upper = `mailto:${first!.slice('mailto:'.length).toUpperCase()}`;
    expect((await getPageAt(sandbox.app, sandbox.token(), SEARCH, { contactKey: upper, cursor: searchCursor })).status).toBe(200);
    // Another org's caller cannot go on with it.
    expect((await getPageAt(sandbox.app, sandbox.token({ org: 'globex' }), SEARCH, { contactKey: first!, cursor: searchCursor })).body.error).toBe('CURSOR_MISMATCH');
  });
});

describe('a contact search within a small vendor-call budget', () => {
  let tight: SandboxApp;
  beforeAll(async () => {
    tight = await startSandboxApp({
      seed: 5,
      adjust: (config) => {
        config.limits = { ...config.limits!, maxVendorCallsPerRequest: 6 };
      },
      connections: { cacheTtlMs: 0 },
    });
  });
  afterAll(async () => {
    await tight.close();
  });

  it('says the budget cut a page short, and the cursor goes on to exactly the whole answer', async () => {
    const key = acmeKeys('mailto:')[0]!;
    // Three sources (convocore-eu twice, tether) need 7 calls for the whole answer.
    const query = { contactKey: key, sources: 'convocore-eu,tether', limit: '20' };
    const walk = await walkAllAt(tight.app, tight.token(), SEARCH, query);
    const cut = walk.pages.filter((page) => (page as { cut?: { reason: string } }).cut !== undefined);
    expect(cut.length).toBeGreaterThan(0);
    for (const page of cut) {
      expect(page).toMatchObject({ cut: { reason: 'calls' }, partial: true, pagination: { hasMore: true, nextCursor: expect.any(String) } });
      expect(page.sources.some((report) => report.error?.code === 'CALL_CAP_REACHED')).toBe(true);
      expect(page.sources.reduce((sum, report) => sum + report.requests, 0)).toBeLessThanOrEqual(6);
    }
    const whole = await walkAllAt(sandbox.app, sandbox.token(), SEARCH, query);
    expect(idsOf(walk.rows)).toEqual(idsOf(whole.rows));
    expect(whole.rows.length).toBeGreaterThan(0);
  });

  it('refuses a search whose sources could spend the budget without moving on, before any vendor call', async () => {
    const { status, body } = await getPageAt(tight.app, tight.token(), SEARCH, { contactKey: acmeKeys('mailto:')[0]! });
    expect(status).toBe(400);
    expect(body.message).toMatch(/reads 8 sources, and each may need 2 vendor calls .* more than the 6 .*Name fewer with sources=/);
  });
});
