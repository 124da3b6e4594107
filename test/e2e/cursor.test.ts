import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

async function firstCursor(agentId = 'support-bot', query: Record<string, string> = {}, claims = {}): Promise<string> {
  const { status, body } = await getPage(sandbox.app, sandbox.token(claims), agentId, { limit: '5', ...query });
  expect(status).toBe(200);
  return body.data.pagination.nextCursor!;
}

async function expectCursorError(agentId: string, query: Record<string, string>, code: string, claims = {}) {
  const { status, body } = await getPage(sandbox.app, sandbox.token(claims), agentId, query);
  expect(status).toBe(400);
  expect(body).toMatchObject({ success: false, error: code });
  expect(typeof body.message).toBe('string');
}

describe('cursor', () => {
  it('a valid cursor continues the walk', async () => {
    const cursor = await firstCursor();
    const { status, body } = await getPage(sandbox.app, sandbox.token(), 'support-bot', { limit: '5', cursor });
    expect(status).toBe(200);
    expect(body.data.rows).toHaveLength(5);
  });

  it('any changed byte is INVALID_CURSOR', async () => {
    const cursor = await firstCursor();
    for (const position of [0, 10, Math.floor(cursor.length / 2), cursor.length - 3, cursor.length - 1]) {
      const replacement = cursor[position] === 'A' ? 'B' : 'A';
      const tampered = cursor.slice(0, position) + replacement + cursor.slice(position + 1);
      await expectCursorError('support-bot', { cursor: tampered }, 'INVALID_CURSOR');
    }
    await expectCursorError('support-bot', { cursor: 'not-a-cursor' }, 'INVALID_CURSOR');
    await expectCursorError('support-bot', { cursor: `${cursor}x` }, 'INVALID_CURSOR');
  });

  it("another agent's cursor is CURSOR_MISMATCH", async () => {
    const salesCursor = await firstCursor('sales-bot');
    await expectCursorError('support-bot', { cursor: salesCursor }, 'CURSOR_MISMATCH');
  });

  it('changed filters are CURSOR_MISMATCH; the same filters in another order are not', async () => {
    const cursor = await firstCursor('support-bot', { channel: 'voice,sms' });
    await expectCursorError('support-bot', { cursor, channel: 'voice' }, 'CURSOR_MISMATCH');
    await expectCursorError('support-bot', { cursor }, 'CURSOR_MISMATCH');
    await expectCursorError('support-bot', { cursor, channel: 'voice,sms', q: 'x' }, 'CURSOR_MISMATCH');
    await expectCursorError('support-bot', { cursor, channel: 'voice,sms', sources: 'tether' }, 'CURSOR_MISMATCH');
    const { status } = await getPage(sandbox.app, sandbox.token(), 'support-bot', { cursor, channel: 'sms,voice', limit: '9' });
    expect(status).toBe(200);
  });

  it("another organization's cursor is CURSOR_MISMATCH", async () => {
    const cursor = await firstCursor('support-bot', {}, { role: 'SUPERADMIN', org: 'globex' });
    await expectCursorError('support-bot', { cursor }, 'CURSOR_MISMATCH');
  });

  it('an expired cursor is CURSOR_EXPIRED', async () => {
    const cursor = await firstCursor();
    clock = TEST_NOW + 86_400_000 + 1;
    try {
      await expectCursorError('support-bot', { cursor }, 'CURSOR_EXPIRED');
    } finally {
      clock = TEST_NOW;
    }
  });

  it('a cursor signed with another secret is INVALID_CURSOR', async () => {
    const other = await startSandboxApp({ adjust: (config) => (config.cursor.secrets = ['another-cursor-secret-0123456789']) });
    try {
      const { body } = await getPage(other.app, other.token(), 'support-bot', { limit: '5' });
      await expectCursorError('support-bot', { cursor: body.data.pagination.nextCursor! }, 'INVALID_CURSOR');
    } finally {
      await other.close();
    }
  });
});
