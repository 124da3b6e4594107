import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedStalls } from '../support/expected-stalls.js';
import { getStalled, walkStalled } from '../support/monitor-walk.js';
import { startSandboxApp, TEST_NOW, type SandboxApp } from '../support/sandbox-app.js';
import { getPage } from '../support/walk.js';

let sandbox: SandboxApp;
let clock = TEST_NOW;

beforeAll(async () => {
  sandbox = await startSandboxApp({ now: () => clock });
});
afterAll(async () => {
  await sandbox.close();
});

const agentIdsOf = (rows: { agentId: string }[]) => [...new Set(rows.map((row) => row.agentId))].sort();

describe('who sees which stalls', () => {
  it('a DEPARTMENT_HEAD sees only its department, and may not name another one', async () => {
    const token = sandbox.token({ role: 'DEPARTMENT_HEAD', department: 'sales' });
    const walk = await walkStalled(sandbox.app, token, { limit: '50' });
    const want = await expectedStalls(sandbox.world, ['sales-bot'], TEST_NOW);
    expect(walk.rows.map((row) => row.id)).toEqual(want.map((stall) => stall.id));
    expect(agentIdsOf(walk.rows)).toEqual(['sales-bot']);
    expect(new Set(walk.pages[0]!.sources.map((source) => source.agentId))).toEqual(new Set(['sales-bot']));
    expect((await getStalled(sandbox.app, token, { departmentId: 'support' })).body).toMatchObject({ success: false, error: 'FORBIDDEN' });
    expect((await getStalled(sandbox.app, token, { agentId: 'support-bot' })).status).toBe(403);
  });

  it("another org's agent is 404, as if it did not exist", async () => {
    for (const agentId of ['globex-helpdesk', 'no-such-agent']) {
      const { status, body } = await getStalled(sandbox.app, sandbox.token(), { agentId });
      expect(status).toBe(404);
      expect(body).toMatchObject({ success: false, error: 'AGENT_NOT_FOUND' });
    }
  });

  it('an ADMIN sees its own org; a SUPERADMIN every org', async () => {
    const acme = await walkStalled(sandbox.app, sandbox.token(), { limit: '100' });
    expect(agentIdsOf(acme.rows)).toEqual(['sales-bot', 'support-bot']);
    const globex = await walkStalled(sandbox.app, sandbox.token({ org: 'globex' }), { limit: '100' });
    expect(agentIdsOf(globex.rows)).toEqual(['globex-helpdesk']);
    const everyone = await walkStalled(sandbox.app, sandbox.token({ role: 'SUPERADMIN' }), { limit: '100' });
    expect(agentIdsOf(everyone.rows)).toEqual(['globex-helpdesk', 'sales-bot', 'support-bot']);
  });

  it('an AGENT sees only the agents that bind its own user id', async () => {
    const tether = sandbox.world.bindings.get('support-bot')!.find((binding) => binding.connection === 'tether')!;
    const walk = await walkStalled(sandbox.app, sandbox.token({ role: 'AGENT', sub: String(tether.userId) }), { limit: '100' });
    expect(agentIdsOf(walk.rows)).toEqual(['support-bot']);
    const stranger = await walkStalled(sandbox.app, sandbox.token({ role: 'AGENT', sub: 'nobody' }), {});
    expect(stranger.rows).toEqual([]);
    expect(stranger.pages[0]!.sources).toEqual([]);
  });
});

describe('the monitor cursor', () => {
  async function firstCursor(query: Record<string, string> = {}, claims = {}): Promise<string> {
    const { status, body } = await getStalled(sandbox.app, sandbox.token(claims), { limit: '3', ...query });
    expect(status).toBe(200);
    return body.data.pagination.nextCursor!;
  }

  async function expectCursorError(query: Record<string, string>, code: string, claims = {}) {
    const { status, body } = await getStalled(sandbox.app, sandbox.token(claims), query);
    expect(status).toBe(400);
    expect(body).toMatchObject({ success: false, error: code });
  }

  it('any changed byte is INVALID_CURSOR', async () => {
    const cursor = await firstCursor();
    for (const position of [0, Math.floor(cursor.length / 2), cursor.length - 1]) {
      const tampered = cursor.slice(0, position) + (cursor[position] === 'A' ? 'B' : 'A') + cursor.slice(position + 1);
      await expectCursorError({ cursor: tampered }, 'INVALID_CURSOR');
    }
    await expectCursorError({ cursor: 'not-a-cursor' }, 'INVALID_CURSOR');
  });

  it('a changed query, scope or org is CURSOR_MISMATCH; a changed limit is not', async () => {
    const cursor = await firstCursor({ thresholdMinutes: '45' });
    await expectCursorError({ cursor }, 'CURSOR_MISMATCH');
    await expectCursorError({ cursor, thresholdMinutes: '45', category: 'ai_stuck' }, 'CURSOR_MISMATCH');
    await expectCursorError({ cursor, thresholdMinutes: '45', skipThreshold: 'true' }, 'CURSOR_MISMATCH');
    await expectCursorError({ cursor, thresholdMinutes: '45', agentId: 'support-bot' }, 'CURSOR_MISMATCH');
    await expectCursorError({ cursor, thresholdMinutes: '45' }, 'CURSOR_MISMATCH', { role: 'SUPERADMIN', org: 'globex' });
    expect((await getStalled(sandbox.app, sandbox.token(), { cursor, thresholdMinutes: '45', limit: '9' })).status).toBe(200);
  });

  it("a conversations cursor is CURSOR_MISMATCH here, and a monitor cursor there", async () => {
    const { body } = await getPage(sandbox.app, sandbox.token(), 'support-bot', { limit: '3' });
    await expectCursorError({ agentId: 'support-bot', cursor: body.data.pagination.nextCursor! }, 'CURSOR_MISMATCH');
    const monitorCursor = await firstCursor({ agentId: 'support-bot' });
    const there = await getPage(sandbox.app, sandbox.token(), 'support-bot', { cursor: monitorCursor });
    expect(there.status).toBe(400);
    expect(there.body.error).toBe('CURSOR_MISMATCH');
  });

  it('an expired cursor is CURSOR_EXPIRED', async () => {
    const cursor = await firstCursor();
    clock = TEST_NOW + 86_400_000 + 1;
    try {
      await expectCursorError({ cursor }, 'CURSOR_EXPIRED');
    } finally {
      clock = TEST_NOW;
    }
  });
});
