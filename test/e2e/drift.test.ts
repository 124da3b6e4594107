import { afterEach, describe, expect, it } from 'vitest';
import { expectedRows } from '../support/expected-rows.js';
import { startSandboxApp, type SandboxApp } from '../support/sandbox-app.js';
import { duplicates, walkAll } from '../support/walk.js';

let sandbox: SandboxApp | undefined;
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

/** Every original row, in the original order, once; new rows may or may not show up. */
function expectOriginalsKept(walkedIds: string[], originalIds: string[]): void {
  expect(duplicates(walkedIds)).toEqual([]);
  const original = new Set(originalIds);
  expect(walkedIds.filter((id) => original.has(id))).toEqual(originalIds);
}

describe('drift: rows inserted at the top mid-walk', () => {
  for (const limit of [3, 20, 60]) {
    it(`page-numbered vendors (Convocore, Tether) lose and repeat nothing at limit ${limit}`, async () => {
      sandbox = await startSandboxApp({ seed: 11 });
      const { world } = sandbox;
      const originalIds = expectedRows(world, 'support-bot').map((row) => row.id);
      const bindings = world.bindings.get('support-bot')!;
      const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: String(limit) }, () => {
        for (const binding of bindings) {
          if (binding.connection !== 'convocore-eu' && binding.connection !== 'tether') continue;
          // More new rows than fit in one vendor page shift would hide: several per page walked.
          for (let count = 0; count < 7; count += 1) world.simulators.get(binding.connection)!.insertNewest(binding);
        }
      });
      expectOriginalsKept(walk.rows.map((row) => row.id), originalIds);
    }, 120_000);
  }

  it('every vendor at once, with a large shift between every page', async () => {
    sandbox = await startSandboxApp({ seed: 12 });
    const { world } = sandbox;
    const originalIds = expectedRows(world, 'support-bot').map((row) => row.id);
    const bindings = world.bindings.get('support-bot')!;
    const walk = await walkAll(sandbox.app, sandbox.token(), 'support-bot', { limit: '25' }, () => {
      for (const binding of bindings) {
        for (let count = 0; count < 150; count += 1) world.simulators.get(binding.connection)!.insertNewest(binding);
      }
    });
    expectOriginalsKept(walk.rows.map((row) => row.id), originalIds);
  }, 120_000);
});
