import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/contract/index.js';
import { twoReplicasOnRedis } from '../support/replicas.js';
import type { SandboxApp } from '../support/sandbox-app.js';

/** Two replicas (two apps) on one Redis, under a key prefix of this test's own. */
describe("a finished conversation's detail kept by a replica with a shared store", () => {
  const replicas = twoReplicasOnRedis('details');

  it('is answered by the other replica without a vendor call, and the same', async () => {
    const [first, second] = replicas.both;
    const headers = (replica: SandboxApp) => ({ authorization: `Bearer ${replica.token()}` });
    const page = await first.app.inject({ url: '/v1/agents/support-bot/conversations?sources=vapi&state=resolved&limit=3', headers: headers(first) });
    const rows = (page.json() as { data: { rows: Row[] } }).data.rows.filter((row) => row.endedAt !== null);
    expect(rows.length).toBeGreaterThan(0);
    const vapiCalls = () => second.world.simulators.get('vapi')!.requests.length;
    for (const row of rows) {
      const url = `/v1/agents/support-bot/conversations/${encodeURIComponent(row.id)}`;
      const read = (await first.app.inject({ url, headers: headers(first) })).json() as { data: { source: { requests: number }; messages: unknown[] } };
      expect(read.data.source.requests).toBeGreaterThan(0);
      const before = vapiCalls();
      const kept = (await second.app.inject({ url, headers: headers(second) })).json() as { data: { source: { requests: number; cached: boolean }; messages: unknown[] } };
      expect(vapiCalls()).toBe(before);
      expect(kept.data.source).toMatchObject({ requests: 0, cached: true });
      expect(kept.data.messages).toEqual(read.data.messages);
    }
  });
});
