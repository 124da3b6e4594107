import type { SourceBinding } from './exchange.js';
import type { StallCategory } from './monitor.js';
import type { ChannelType } from './row.js';
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
  /**
   * A conversation of the binding goes on (optional): one of its recent ones gets a new
   * message and becomes the newest; returns its raw record, or undefined when there is none.
   * The sandbox's live session uses it to show `conversation.updated` webhooks.
   */
  continueOne?(binding: SourceBinding): unknown;
  /** Every record the vendor returns for the binding with its default filters, raw. */
  visibleRecords(binding: SourceBinding): unknown[];
  /**
   * A vendor that imports other vendors' conversations (an adapter with `copies`) takes
   * copies of these into the binding's conversations, keeping each one's id (optional). The
   * sandbox hands it some of the conversations of the vendors it imports from, bound to
   * the same agent.
   */
  importCopies?(binding: SourceBinding, originals: readonly ImportedConversation[]): void;
  /** The stalled conversations planted for the binding with known waits (optional; docs/monitor.md). */
  stallProbes?(binding: SourceBinding): StallProbe[];
}

/** A conversation another vendor imports, as its own vendor's row has it. */
export interface ImportedConversation {
  /** Its vendor (registry name) and its id there. */
  vendor: string;
  conversationId: string;
  channelType: ChannelType;
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  startedAt: string | null;
  endedAt: string | null;
  durationSec: number | null;
  summary: string | null;
}

/** A planted stalled conversation: the monitor must report it once its wait reaches the threshold. */
export interface StallProbe {
  conversationId: string;
  category: StallCategory;
  /** Epoch ms; the wait is the simulator's `now` minus this. */
  latestInboundAt: number;
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
