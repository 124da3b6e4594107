import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createClient as generateClient } from '@hey-api/openapi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, GatewayResponseError, listAgents, listConnections, listConversations, walkConversations } from '../../clients/typescript/index.js';
import config from '../../clients/typescript/openapi-ts.config.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';

const ROOT = join(import.meta.dirname, '..', '..');
const COMMITTED = join(ROOT, 'clients', 'typescript', 'generated');

function filesUnder(folder: string): Map<string, string> {
  const entries = readdirSync(folder, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return new Map(entries.map((entry) => [relative(folder, join(entry.parentPath, entry.name)), readFileSync(join(entry.parentPath, entry.name), 'utf8')]));
}

describe('the typed client against the sandbox', () => {
  let sandbox: SandboxApp;
  let baseUrl: string;

  beforeAll(async () => {
    sandbox = await startSandboxApp();
    await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
    const address = sandbox.app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('walks every row of an agent exactly once, in the gateway order, over the cursor', async () => {
    const client = createClient({ baseUrl, auth: sandbox.token() });
    const rows = [];
    for await (const row of walkConversations(client, 'support-bot', { limit: 50, channel: 'voice,webchat,sms' })) rows.push(row);

    const expected = sandbox.world.bindings.get('support-bot')!.length;
    expect(new Set(rows.map((row) => row.source)).size).toBe(expected);
    expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length);
    const keys = rows.map((row) => [row.lastActivityAt ?? '', row.id] as const);
    for (let index = 1; index < keys.length; index += 1) {
      const [previousAt, previousId] = keys[index - 1];
      const [at, id] = keys[index];
      const ordered = at === '' ? previousAt !== '' || previousId < id : previousAt > at || (previousAt === at && previousId < id);
      expect(ordered, `${previousAt} ${previousId} before ${at} ${id}`).toBe(true);
    }

    // The same filters one page at a time through the generated operation: the same rows.
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await listConversations({
        client,
        path: { agentId: 'support-bot' },
        query: { limit: 100, channel: 'voice,webchat,sms', ...(cursor ? { cursor } : {}) },
      });
      count += page.data!.data.rows.length;
      cursor = page.data!.data.pagination.nextCursor ?? undefined;
    } while (cursor);
    expect(count).toBe(rows.length);
  });

  it('types the other operations and turns an error answer into its code', async () => {
    const client = createClient({ baseUrl, auth: sandbox.token() });
    const agents = await listAgents({ client });
    expect(agents.data?.data.agents.map((agent) => agent.id)).toContain('support-bot');
    const connections = await listConnections({ client });
    expect(connections.data?.data.connections.every((connection) => connection.breaker.state === 'closed')).toBe(true);

    const walk = walkConversations(client, 'no-such-agent');
    await expect(walk.next()).rejects.toMatchObject({ status: 404, code: 'AGENT_NOT_FOUND' });
    const anonymous = walkConversations(createClient({ baseUrl }), 'support-bot');
    await expect(anonymous.next()).rejects.toBeInstanceOf(GatewayResponseError);
  });
});

it('the committed clients/typescript/generated is what npm run client generates from the API document', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'gateway-client-'));
  try {
    await generateClient({ ...config, input: join(ROOT, 'specs', 'gateway.openapi.json'), output: { path: folder }, logs: { file: false, level: 'silent' } });
    const generated = filesUnder(folder);
    const committed = filesUnder(COMMITTED);
    expect([...committed.keys()].sort(), 'clients/typescript/generated is stale: run npm run client').toEqual([...generated.keys()].sort());
    for (const [file, text] of generated) expect(committed.get(file), `${file} is stale: run npm run client`).toBe(text);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
