import type { SourceBinding } from './adapter.js';
import type { FaultInjector } from '../simulator-kit/faults.js';
import type { RecordedRequest } from '../simulator-kit/simulator-server.js';

/** What every vendor simulator offers to the sandbox and the tests. */
export interface VendorSimulator {
  readonly vendor: string;
  /** Base URL to put in a connection's `baseUrl`; set once started. */
  readonly baseUrl: string;
  start(): Promise<string>;
  close(): Promise<void>;
  readonly faults: FaultInjector;
  /** Every request the simulator answered, in order. */
  readonly requests: RecordedRequest[];
  /** Adds a conversation newer than every other one for the binding; returns the raw record. */
  insertNewest(binding: SourceBinding): unknown;
  /** Every record the vendor returns for the binding with its default filters, raw. */
  visibleRecords(binding: SourceBinding): unknown[];
}

export interface SimulatedAgent {
  binding: SourceBinding;
  /** How many conversations to generate for this binding. */
  count: number;
}

export interface SimulatorOptions {
  /** Seed of the deterministic data. */
  seed: number;
  /** The credential the simulator accepts (API key or bearer token). */
  credential: string;
  agents: SimulatedAgent[];
  /** "Now" of the generated data, in epoch ms; timestamps lie before it. */
  now: number;
}

export type SimulatorFactory = (options: SimulatorOptions) => VendorSimulator;
