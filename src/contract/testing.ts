/**
 * The simulator kit: what a vendor simulator is built from (its server, faults, seeded
 * data, transcripts, stall probes). Only simulators and tests import it; an adapter's
 * contract is `./index.js`.
 */
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
