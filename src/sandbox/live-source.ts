import type { SourceBinding, VendorSimulator } from '../contract/index.js';
import type { SandboxWorld } from './sandbox-world.js';

/** The agent whose sources get live conversations in `npm start`'s sandbox. */
export const LIVE_AGENT = 'support-bot';

/**
 * The source of the live agent that gets a new conversation every few seconds, and one
 * that goes on now and then: the first in registry order whose simulator can continue a
 * conversation (`continueOne`), so `conversation.updated` shows too. None without such a source.
 */
export function liveSource(world: SandboxWorld): { binding: SourceBinding; simulator: VendorSimulator & Required<Pick<VendorSimulator, 'continueOne'>> } | undefined {
  for (const binding of world.bindings.get(LIVE_AGENT) ?? []) {
    const simulator = world.simulators.get(binding.connection);
    if (simulator?.continueOne) return { binding, simulator: simulator as VendorSimulator & Required<Pick<VendorSimulator, 'continueOne'>> };
  }
  return undefined;
}
