import type { SourceBinding } from '../contract/exchange.js';
import type { StallProbe, VendorSimulator } from '../contract/simulator.js';
import { createRandom, seedFor } from './random.js';
import { SimulatorServer, type SimulatorRequest, type SimulatorResponse, type SimulatorRoute } from './simulator-server.js';

/** What only the vendor knows; the kit adds the loopback server, faults and request log. */
export interface VendorSimulatorSpec {
  vendor: string;
  /** Seed of the simulator's data; probabilistic faults draw from a seed derived from it. */
  seed: number;
  /** Path prefix of the vendor's base URL, such as `/v3`. */
  basePath: string;
  routes: SimulatorRoute[];
  /** The vendor's answer for an unknown path. */
  notFound(request: SimulatorRequest): SimulatorResponse;
  insertNewest(binding: SourceBinding): unknown;
  continueOne?(binding: SourceBinding): unknown;
  visibleRecords(binding: SourceBinding): unknown[];
  stallProbes?(binding: SourceBinding): StallProbe[];
}

export function createVendorSimulator(spec: VendorSimulatorSpec): VendorSimulator {
  const server = new SimulatorServer({
    basePath: spec.basePath,
    routes: spec.routes,
    notFound: spec.notFound,
    random: createRandom(seedFor(spec.seed, spec.vendor, 'faults')).next,
  });
  return {
    vendor: spec.vendor,
    get baseUrl() {
      return server.baseUrl;
    },
    start: () => server.start(),
    close: () => server.close(),
    faults: server.faults,
    requests: server.requests,
    insertNewest: spec.insertNewest,
    visibleRecords: spec.visibleRecords,
    ...(spec.continueOne ? { continueOne: spec.continueOne } : {}),
    ...(spec.stallProbes ? { stallProbes: spec.stallProbes } : {}),
  };
}
