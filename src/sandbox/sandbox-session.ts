import { signToken } from '../auth/sign-token.js';
import type { AdapterModule } from '../contract/index.js';
import { SandboxFaults } from './sandbox-faults.js';
import { startSandboxWorld, type SandboxWorld } from './sandbox-world.js';

/** The sandbox as `npm start` runs it: the simulators, the tokens it prints and its fault switch. */
export interface SandboxSession {
  world: SandboxWorld;
  /** The explorer page offers the ADMIN one. */
  tokens: { admin: string; superadmin: string };
  faults: SandboxFaults;
}

export async function startSandboxSession(modules: readonly AdapterModule[]): Promise<SandboxSession> {
  const world = await startSandboxWorld({ modules });
  const secret = world.config.auth.secret!;
  return {
    world,
    tokens: {
      admin: signToken(secret, { sub: 'sandbox-admin', org: 'acme', role: 'ADMIN' }),
      superadmin: signToken(secret, { sub: 'sandbox-superadmin', org: 'acme', role: 'SUPERADMIN' }),
    },
    faults: new SandboxFaults(world.simulators),
  };
}
