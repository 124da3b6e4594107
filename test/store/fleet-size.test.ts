import { afterEach, describe, expect, it } from 'vitest';
import { FleetSize } from '../../src/store/fleet-size.js';
import type { SharedStore } from '../../src/store/shared-store.js';
import { connectedStore, deleteKeys, uniquePrefix } from '../support/redis.js';

const opened: { store: SharedStore; size: FleetSize; prefix: string }[] = [];
afterEach(async () => {
  for (const { store, size, prefix } of opened.splice(0)) {
    size.close();
    store.close();
    await deleteKeys(prefix);
  }
});

describe('the size of the fleet', () => {
  it('counts the replicas that said they are alive lately, and forgets one that stopped', async () => {
    const prefix = uniquePrefix('size');
    const sizes: FleetSize[] = [];
    for (let index = 0; index < 3; index += 1) {
      const store = await connectedStore(prefix);
      const size = new FleetSize(store, 100);
      opened.push({ store, size, prefix });
      sizes.push(size);
    }
    for (const size of sizes) await size.sayAlive();
    expect(sizes[2]!.replicas).toBe(3);
    sizes[2]!.close();
    // Forgotten once not seen for three intervals.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await sizes[1]!.sayAlive();
    await sizes[0]!.sayAlive();
    expect(sizes[0]!.replicas).toBe(2);
  });
});
