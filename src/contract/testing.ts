/**
 * The simulator kit: what a vendor simulator is built from (its server, credential check,
 * faults, seeded data and times, newest-first order, keyset and page slices, transcripts,
 * stall probes). Only simulators and tests import it; an adapter's
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
  writtenPhone,
  seedFor,
  slug,
  type Random,
} from '../simulator-kit/random.js';
export { simulateTranscript, timedWords, type SimulatedToolCall, type SimulatedTurn, type TranscriptPlan } from '../simulator-kit/simulated-transcript.js';
export { MINUTE_MS, STALL_PROBE_MIN_COUNT, STALL_PROBE_WAIT_MINUTES } from '../simulator-kit/stall-probes.js';
export { createVendorSimulator, type VendorSimulatorSpec } from '../simulator-kit/create-vendor-simulator.js';
export { presentedCredential, refusalOf, type SimulatorAuth } from '../simulator-kit/simulator-auth.js';
export { newestFirst, oldestFirst, seededShuffle, sortedByPosition, type OrderPosition } from '../simulator-kit/vendor-order.js';
export { decodeKeyset, encodeKeyset, keysetPage, type KeysetPage, type KeysetQuery } from '../simulator-kit/keyset-page.js';
export { offsetPage, pageCounts, readPageQuery } from '../simulator-kit/offset-page.js';
export { gridTimeline, inWindow, isoTime, latestTime, minuteAfter, steppedTimeline } from '../simulator-kit/seeded-timeline.js';
export { SeededRecords, type SeedingSpec } from '../simulator-kit/seeded-records.js';
export { compact } from '../simulator-kit/compact.js';
export { NUMBER_COMPARISONS, TEXT_COMPARISONS } from '../simulator-kit/comparisons.js';
export { recordRoute } from '../simulator-kit/record-route.js';
export { QueryReader, type QueryProblem } from '../simulator-kit/query-reader.js';
export {
  SimulatorServer,
  type RecordedRequest,
  type SimulatorRequest,
  type SimulatorResponse,
  type SimulatorRoute,
} from '../simulator-kit/simulator-server.js';
