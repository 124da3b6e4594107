import { describe, expect, it } from 'vitest';
import { getCounts } from '../support/counts.js';
import { twoReplicasOnRedis } from '../support/replicas.js';

/** Two replicas (two apps) on one Redis, under a key prefix of this test's own. */
describe('counts kept by a replica with a shared store', () => {
  const replicas = twoReplicasOnRedis('counts');

  it('answer on the other replica without a vendor call', async () => {
    const [first, second] = replicas.both;
    const query = { channel: 'webchat', since: '2026-01-01' };
    const counted = await getCounts(first.app, first.token(), 'support-bot', query);
    expect(counted.body.data).toMatchObject({ cached: false, partial: false });
    const calls = () => [...second.world.simulators.values()].reduce((sum, simulator) => sum + simulator.requests.length, 0);
    const before = calls();
    const kept = await getCounts(second.app, second.token({ sub: 'another-caller' }), 'support-bot', query);
    expect(calls()).toBe(before);
    expect(kept.body.data).toMatchObject({ cached: true, total: counted.body.data.total, bySource: counted.body.data.bySource, countedAt: counted.body.data.countedAt });
  });
});
