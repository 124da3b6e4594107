/**
 * The soak's vendors: the sandbox world's simulators on a worker thread of the soak's own
 * process, so they use the second core, with random faults injected. Sends the config up,
 * answers "close" with the vendor calls each simulator saw.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { adapterModules } from '../adapters/index.js';
import type { Fault } from '../src/contract/testing.js';
import { startSandboxWorld } from '../src/sandbox/sandbox-world.js';

const { faultProbability, deadlineMs, maxResponseBytes } = workerData as { faultProbability: number; deadlineMs: number; maxResponseBytes: number };

const FAULTS: Fault[] = [
  { kind: 'status', status: 500 },
  { kind: 'status', status: 503 },
  { kind: 'status', status: 429 },
  { kind: 'status', status: 429, headers: { 'retry-after': '1' } },
  { kind: 'delay', ms: 200 },
  { kind: 'delay', ms: deadlineMs + 500 },
  { kind: 'reset' },
  { kind: 'truncate' },
  { kind: 'malformed' },
  { kind: 'oversize', bytes: maxResponseBytes + 1024 },
  { kind: 'transform', transform: dropSomeIds },
];

/** Deletes the id fields of every fifth record, whatever the vendor calls its list and ids. */
function dropSomeIds(body: unknown): unknown {
  const list = Object.values((body as Record<string, unknown>) ?? {}).find((value): value is Record<string, unknown>[] => Array.isArray(value));
  list?.forEach((record, index) => {
    if (index % 5 !== 0 || typeof record !== 'object' || record === null) return;
    for (const field of ['ID', '_id', 'conversation_id', 'conversationId', 'call_id', 'id']) delete record[field];
  });
  return body;
}

const world = await startSandboxWorld({ modules: adapterModules });
for (const simulator of world.simulators.values()) {
  for (const fault of FAULTS) simulator.faults.inject(fault, { times: Infinity, probability: faultProbability });
}
parentPort!.postMessage({ kind: 'ready', config: world.config, faultKinds: FAULTS.length });
parentPort!.on('message', async (message: string) => {
  if (message !== 'close') return;
  const requests = Object.fromEntries([...world.simulators].map(([name, simulator]) => [name, simulator.requests.length]));
  await world.close();
  parentPort!.postMessage({ kind: 'closed', requests });
});
