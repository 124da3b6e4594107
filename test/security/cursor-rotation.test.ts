import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterModules } from '../../adapters/index.js';
import { buildApp } from '../../src/app.js';
import { signToken, type TokenClaims } from '../../src/auth/sign-token.js';
import { startSandboxApp, TEST_SECRETS, type SandboxApp } from '../support/sandbox-app.js';
import { getPage } from '../support/walk.js';

const OLD = 'cursor-secret-old-0123456789abcdef';
const NEW = 'cursor-secret-new-0123456789abcdef';

let sandbox: SandboxApp;
const apps: FastifyInstance[] = [];

/** Another replica on the same vendors and agents, with its own cursor secrets. */
async function replica(secrets: string[]): Promise<FastifyInstance> {
  const config = { ...sandbox.world.config, cursor: { ...sandbox.world.config.cursor, secrets } };
  const app = await buildApp({ config, adapters: adapterModules });
  apps.push(app);
  return app;
}

const token = (claims: Partial<TokenClaims> = {}) => signToken(TEST_SECRETS.jwt, { sub: 'rotator', org: 'acme', role: 'ADMIN', ...claims });
const keyIdOf = (cursor: string) => cursor.split('.')[1];

async function cursorFrom(app: FastifyInstance, agentId = 'support-bot', query: Record<string, string> = {}, claims: Partial<TokenClaims> = {}) {
  const { status, body } = await getPage(app, token(claims), agentId, { limit: '3', ...query });
  expect(status).toBe(200);
  return body.data.pagination.nextCursor!;
}

async function expectPage(app: FastifyInstance, cursor: string, status: number, error?: string, agentId = 'support-bot', query: Record<string, string> = {}, claims: Partial<TokenClaims> = {}) {
  const page = await getPage(app, token(claims), agentId, { limit: '3', cursor, ...query });
  expect(page.status).toBe(status);
  if (error) expect(page.body).toMatchObject({ success: false, error });
  return page.body;
}

beforeAll(async () => {
  sandbox = await startSandboxApp();
});
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
  await sandbox.close();
});

describe('cursor secret rotation (cursor.secrets: [new, old])', () => {
  it('signs with the first secret, accepts any listed one, and refuses a removed one', async () => {
    const before = await replica([OLD]);
    const during = await replica([NEW, OLD]);
    const after = await replica([NEW]);

    const oldCursor = await cursorFrom(before);
    const resumed = await expectPage(during, oldCursor, 200);
    const newCursor = resumed.data.pagination.nextCursor!;
    expect(keyIdOf(newCursor)).not.toBe(keyIdOf(oldCursor));
    expect(keyIdOf(await cursorFrom(during))).toBe(keyIdOf(newCursor));

    await expectPage(after, newCursor, 200);
    await expectPage(after, oldCursor, 400, 'INVALID_CURSOR');
  });

  it('a cursor re-labelled with another listed key id is INVALID_CURSOR', async () => {
    const during = await replica([NEW, OLD]);
    const oldKeyId = keyIdOf(await cursorFrom(await replica([OLD])))!;
    const [body, , signature] = (await cursorFrom(during)).split('.');
    await expectPage(during, `${body}.${oldKeyId}.${signature}`, 400, 'INVALID_CURSOR');
  });
});

describe('cursor binding', () => {
  it('to the agent: a cursor of one agent is CURSOR_MISMATCH on another', async () => {
    const cursor = await cursorFrom(sandbox.app, 'sales-bot');
    await expectPage(sandbox.app, cursor, 400, 'CURSOR_MISMATCH');
  });

  it('to the filters: other filters or another source subset are CURSOR_MISMATCH', async () => {
    const cursor = await cursorFrom(sandbox.app, 'support-bot', { state: 'resolved,autopilot' });
    await expectPage(sandbox.app, cursor, 400, 'CURSOR_MISMATCH', 'support-bot', { state: 'resolved' });
    await expectPage(sandbox.app, cursor, 400, 'CURSOR_MISMATCH', 'support-bot', { state: 'resolved,autopilot', sources: 'tether' });
    await expectPage(sandbox.app, cursor, 200, undefined, 'support-bot', { state: 'autopilot,resolved' });
  });

  it("to the caller's org: a SUPERADMIN of another org cannot resume it", async () => {
    const cursor = await cursorFrom(sandbox.app, 'support-bot', {}, { role: 'SUPERADMIN', org: 'acme' });
    await expectPage(sandbox.app, cursor, 400, 'CURSOR_MISMATCH', 'support-bot', {}, { role: 'SUPERADMIN', org: 'globex' });
  });

  it('never widens access: a valid cursor does not let an out-of-scope caller read the agent', async () => {
    const cursor = await cursorFrom(sandbox.app, 'support-bot');
    await expectPage(sandbox.app, cursor, 403, 'FORBIDDEN', 'support-bot', {}, { role: 'DEPARTMENT_HEAD', department: 'sales' });
    await expectPage(sandbox.app, cursor, 404, 'AGENT_NOT_FOUND', 'support-bot', {}, { role: 'ADMIN', org: 'globex' });
  });

  it('garbage, truncated and oversized cursors are a 400 in the envelope', async () => {
    const cursor = await cursorFrom(sandbox.app);
    for (const bad of [cursor.slice(0, -1), cursor.slice(1), `${cursor}.x`, '...', 'é', 'a'.repeat(9000)]) {
      const { status, body } = await getPage(sandbox.app, token(), 'support-bot', { limit: '3', cursor: bad });
      expect(status).toBe(400);
      expect(['INVALID_CURSOR', 'BAD_REQUEST']).toContain(body.error);
    }
  });
});
