import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAllGateways } from '../support/gateway-process.js';
import { FleetWorld } from '../support/fleet.js';

/** Three gateway processes on one Redis serve one walk, page by page, in turn. */
describe('a fleet of three replicas walking one agent', () => {
  let fleet: FleetWorld;
  beforeAll(async () => {
    fleet = await FleetWorld.start();
  });
  afterEach(() => killAllGateways());
  afterAll(async () => {
    await fleet?.close();
  });

  // Long TTLs: the walk on a loaded machine must not outlive its pages.
  const connection = { cacheTtlMs: 120_000 };
  const query = { limit: '20' };

  it('gives the single-replica walk row for row, for no more vendor requests', { timeout: 180_000 }, async () => {
    const [single] = await fleet.replicas({ replicas: 1, redisUrl: null, connection });
    const before = fleet.vendorCalls();
    const alone = await fleet.walk(() => [single!], 'support-bot', query, () => 0);
    const aloneCost = fleet.vendorCalls() - before;
    single!.process.child.kill('SIGKILL');

    const replicas = await fleet.replicas({ replicas: 3, connection });
    const start = fleet.vendorCalls();
    const alternating = await fleet.walk(() => replicas, 'support-bot', query, (page) => page % 3);
    const fleetCost = fleet.vendorCalls() - start;

    expect(alone.length).toBeGreaterThan(100);
    expect(alternating.map((row) => row.id)).toEqual(alone.map((row) => row.id));
    expect(alternating).toEqual(alone);
    expect(aloneCost).toBeGreaterThan(0);
    expect(fleetCost).toBeLessThanOrEqual(aloneCost);
  });

  it('goes on from another replica, no row lost or repeated, when the one serving it is killed', { timeout: 180_000 }, async () => {
    const replicas = await fleet.replicas({ replicas: 3, connection });
    const reference = await fleet.walk(() => replicas.slice(2), 'support-bot', query, () => 0);

    const rows = await fleet.walk(() => replicas, 'support-bot', query, async (page) => {
      // Pages 0-3 from replica 0; then it dies, page 4 is asked of it still and moves on.
      if (page === 4) {
        replicas[0]!.process.child.kill('SIGKILL');
        await replicas[0]!.process.exited;
      }
      return page <= 4 ? 0 : page % 3;
    });
    const ids = rows.map((row) => row.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(reference.map((row) => row.id));
    expect(await replicas[0]!.process.exited).toBe('SIGKILL');
  });
});
