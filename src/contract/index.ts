/**
 * The public adapter contract: the only module an adapter imports from the core.
 */
export * from './adapter.js';
export * from './conversation-detail.js';
export * from './exchange.js';
export * from './adapter-module.js';
export * from './binding-schema.js';
export * from './mapping-helpers.js';
export * from './monitor.js';
export * from './push-down-filters.js';
export * from './row.js';
export * from './simulator.js';
export * from './vendor-events.js';
export { FaultInjector, type Fault, type InjectOptions } from '../simulator-kit/faults.js';
export {
  CONTACT_NAMES,
  PREVIEWS,
  TAGS,
  createRandom,
  gridTime,
  phoneNumber,
  seedFor,
  slug,
  type Random,
} from '../simulator-kit/random.js';
export { simulateTranscript, type SimulatedToolCall, type SimulatedTurn, type TranscriptPlan } from '../simulator-kit/simulated-transcript.js';
export { MINUTE_MS, STALL_PROBE_MIN_COUNT, STALL_PROBE_WAIT_MINUTES } from '../simulator-kit/stall-probes.js';
export { createVendorSimulator, type VendorSimulatorSpec } from '../simulator-kit/create-vendor-simulator.js';
export {
  SimulatorServer,
  type RecordedRequest,
  type SimulatorRequest,
  type SimulatorResponse,
  type SimulatorRoute,
} from '../simulator-kit/simulator-server.js';
