import { afterAll, beforeAll, describe } from 'vitest';
import { adapterModules } from '../../../adapters/index.js';
import type { AdapterModule } from '../../../src/contract/index.js';
import { startSimulatedVendor, type SimulatedVendor } from './simulated-vendor.js';

/**
 * Runs a block of conformance tests for every registered adapter, with its simulator
 * started and read: adding an adapter to the registry is all it takes to be checked.
 */
export function describeEachAdapter(title: string, body: (vendor: () => SimulatedVendor, module: AdapterModule) => void): void {
  describe.each(adapterModules.map((module) => [module.adapter.vendor, module] as const))(`%s: ${title}`, (_vendor, module) => {
    let simulated: SimulatedVendor | undefined;
    beforeAll(async () => {
      simulated = await startSimulatedVendor(module);
    });
    afterAll(async () => {
      await simulated?.close();
    });
    body(() => simulated!, module);
  });
}
