import { signToken } from '../auth/sign-token.js';
import type { AdapterModule } from '../contract/index.js';
import { SandboxFaults } from './sandbox-faults.js';
import { startSandboxReceiver } from './sandbox-receiver.js';
import { LIVE_AGENT, liveSource } from './live-source.js';
import { startSandboxWorld, type SandboxWorld } from './sandbox-world.js';

/** How often the sandbox's support bot gets a new conversation (`live-source.ts`), and how often subscribed agents are polled. */
const LIVE_CONVERSATION_EVERY_MS = 5_000;
const SANDBOX_POLL_SECONDS = 5;

/** The sandbox as `npm start` runs it: the simulators, the tokens it prints and its fault switch. */
export interface SandboxSession {
  world: SandboxWorld;
  /** The explorer page offers the ADMIN one. */
  tokens: { admin: string; superadmin: string };
  faults: SandboxFaults;
  /** Stops the simulators, the receiver and the live conversations. */
  close(): Promise<void>;
}

/**
 * Beyond the world the tests use, `npm start` has a webhook subscription `sandbox` (the
 * support bot's changes) to a receiver on loopback that prints what it gets, and a new
 * conversation for the support bot every few seconds (`live-source.ts`), so events arrive live.
 */
export async function startSandboxSession(modules: readonly AdapterModule[], print: (line: string) => void = (line) => process.stdout.write(`${line}\n`)): Promise<SandboxSession> {
  const world = await startSandboxWorld({ modules });
  const receiver = await startSandboxReceiver(print);
  world.config.webhooks = {
    pollIntervalSeconds: SANDBOX_POLL_SECONDS,
    maxVendorCallsPerPoll: 100,
    subscriptions: {
      sandbox: { url: receiver.url, secrets: [receiver.secret], org: 'acme', agents: [LIVE_AGENT], events: ['conversation.created', 'conversation.updated'] },
    },
  };
  const source = liveSource(world);
  // Every few seconds a new conversation, and every other time one that goes on (conversation.updated).
  let ticks = 0;
  const live =
    source &&
    setInterval(() => {
      ticks += 1;
      source.simulator.insertNewest(source.binding);
      if (ticks % 2 === 0) source.simulator.continueOne(source.binding);
    }, LIVE_CONVERSATION_EVERY_MS);
  live?.unref();
  const secret = world.config.auth.secret!;
  return {
    world,
    close: async () => {
      clearInterval(live);
      await receiver.close();
      await world.close();
    },
    tokens: {
      admin: signToken(secret, { sub: 'sandbox-admin', org: 'acme', role: 'ADMIN' }),
      superadmin: signToken(secret, { sub: 'sandbox-superadmin', org: 'acme', role: 'SUPERADMIN' }),
    },
    faults: new SandboxFaults(world.simulators),
  };
}
