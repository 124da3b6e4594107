import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { createClient as generateClient } from '@hey-api/openapi-ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  conversationsQuery,
  countConversations,
  countsQuery,
  createClient,
  GatewayResponseError,
  listAgents,
  listConnections,
  listConversations,
  walkConversations,
  type ConversationFilters,
  type ConversationsQuery,
  type CountFilters,
  type CountsQuery,
} from '../../clients/typescript/index.js';
// @ts-expect-error The package exports no type named Error: it would shadow the built-in in a tool that imports everything.
import type { Error as NoSuchExport } from '../../clients/typescript/index.js';
import config from '../../clients/typescript/openapi-ts.config.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { walkAll } from '../support/walk.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PACKAGE = join(ROOT, 'clients', 'typescript');
const COMMITTED = join(PACKAGE, 'generated');
const run = promisify(execFile);

/** Checked by `npm run typecheck`: the typed filters name every query parameter but the cursor, and nothing else. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const filtersCoverTheQuery: Same<keyof ConversationFilters, Exclude<keyof ConversationsQuery, 'cursor'>> = true;
const countFiltersCoverTheCounts: Same<keyof CountFilters, keyof CountsQuery> = true;
export type { NoSuchExport };

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
    for await (const row of walkConversations(client, 'support-bot', { limit: 50, channel: ['voice', 'webchat', 'sms'] })) rows.push(row);

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

  it('takes typed filters: arrays of the row\'s values, dates, booleans; the query is what the gateway reads', async () => {
    expect(filtersCoverTheQuery).toBe(true);
    const since = new Date(Date.UTC(2026, 9, 1));
    expect(
      conversationsQuery({ channel: ['voice', 'sms'], state: ['resolved'], tags: [], since, successful: false, include: ['summary'], limit: 5 }),
    ).toEqual({ channel: 'voice,sms', state: 'resolved', since: '2026-10-01T00:00:00.000Z', successful: 'false', include: 'summary', limit: 5 });
    const client = createClient({ baseUrl, auth: sandbox.token() });
    const filtered = [];
    for await (const row of walkConversations(client, 'support-bot', { limit: 100, channel: ['sms'], state: ['resolved'], successful: true })) filtered.push(row);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((row) => row.channelType === 'sms' && row.conversationState === 'resolved' && row.successful === true)).toBe(true);
  });

  it('counts with typed filters: the total is the rows a walk with the same filters gives', async () => {
    expect(countFiltersCoverTheCounts).toBe(true);
    const client = createClient({ baseUrl, auth: sandbox.token() });
    const filters: CountFilters = { channel: ['sms', 'webchat'], successful: true };
    expect(countsQuery(filters)).toEqual({ channel: 'sms,webchat', successful: 'true' });
    const counts = await countConversations({ client, path: { agentId: 'support-bot' }, query: countsQuery(filters) });
    let rows = 0;
    for await (const _row of walkConversations(client, 'support-bot', { ...filters, limit: 100 })) rows += 1;
    expect(counts.data?.data).toMatchObject({ total: rows, partial: false });
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

it('is a package a tool installs from its tarball and imports by name, with its types', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'gateway-client-consumer-'));
  const sandbox = await startSandboxApp();
  try {
    await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
    const address = sandbox.app.server.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    // npm pack builds it (prepack) and keeps what package.json's files name.
    const packed = JSON.parse((await run('npm', ['pack', '--json', '--pack-destination', folder], { cwd: PACKAGE })).stdout) as { filename: string; files: { path: string }[] }[];
    const files = packed[0]!.files.map((file) => file.path);
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/generated/sdk.gen.js']));
    expect(files.filter((file) => !file.startsWith('dist/') && !['package.json', 'README.md'].includes(file))).toEqual([]);

    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'a-tool', private: true, type: 'module' }));
    await run('npm', ['install', '--offline', '--no-audit', '--no-fund', join(folder, packed[0]!.filename)], { cwd: folder });
    // A tool without @types/node: it declares the little of `process` it reads.
    const tool = `declare const process: { env: Record<string, string | undefined> };
import { createClient, walkConversations, type ConversationFilters } from '@conversation-gateway/client';
const filters: ConversationFilters = { limit: 100, channel: ['voice', 'sms'] };
const client = createClient({ baseUrl: process.env.GATEWAY_URL!, auth: process.env.TOKEN });
let rows = 0;
for await (const row of walkConversations(client, 'support-bot', filters)) rows += row.channelType === 'voice' || row.channelType === 'sms' ? 1 : 1000;
console.log(rows);
`;
    await writeFile(join(folder, 'tool.ts'), tool);
    await writeFile(
      join(folder, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, lib: ['ES2022', 'DOM'], types: [], outDir: 'out' }, files: ['tool.ts'] }),
    );
    // The tool's own compiler resolves the package and its types through package.json's exports.
    await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', folder]);
    const { stdout } = await run(process.execPath, [join(folder, 'out', 'tool.js')], { cwd: folder, env: { ...process.env, GATEWAY_URL: baseUrl, TOKEN: sandbox.token() } });
    const expected = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '100', channel: 'voice,sms' });
    expect(Number(stdout.trim())).toBe(expected.rows.length);
  } finally {
    await sandbox.close();
    await rm(folder, { recursive: true, force: true });
  }
}, 120_000);
