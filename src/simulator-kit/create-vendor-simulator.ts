import type { SourceBinding } from '../contract/exchange.js';
import type { StallProbe, VendorSimulator } from '../contract/simulator.js';
import { createRandom, seedFor } from './random.js';
import { refusalOf, type SimulatorAuth } from './simulator-auth.js';
import { SimulatorServer, type SimulatorRequest, type SimulatorResponse, type SimulatorRoute } from './simulator-server.js';

/**
 * What only the vendor knows; the kit adds the loopback server, the credential check,
 * faults and the request log, and hands out copies, never the simulator's own records.
 */
export interface VendorSimulatorSpec {
  vendor: string;
  /** Seed of the simulator's data; probabilistic faults draw from a seed derived from it. */
  seed: number;
  /** Path prefix of the vendor's base URL, such as `/v3`. */
  basePath: string;
  /** Every route but one with `ownAuth` answers the auth's refusal to a request without the credential. */
  routes: (SimulatorRoute & { ownAuth?: true })[];
  auth?: SimulatorAuth;
  /** The vendor's answer for an unknown path. */
  notFound(request: SimulatorRequest): SimulatorResponse;
  insertNewest(binding: SourceBinding): unknown;
  continueOne?(binding: SourceBinding): unknown;
  visibleRecords(binding: SourceBinding): unknown[];
  stallProbes?(binding: SourceBinding): StallProbe[];
  importCopies?: VendorSimulator['importCopies'];
}

export function createVendorSimulator(spec: VendorSimulatorSpec): VendorSimulator {
  const auth = spec.auth;
  const routes = spec.routes.map((route): SimulatorRoute =>
    auth && !route.ownAuth ? { ...route, handle: (request, params) => refusalOf(request, auth) ?? route.handle(request, params) } : route,
  );
  const copied = <A extends unknown[], R>(hook: (...args: A) => R) => (...args: A): R => structuredClone(hook(...args));
  const server = new SimulatorServer({
    basePath: spec.basePath,
    routes,
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
    insertNewest: copied(spec.insertNewest),
    visibleRecords: copied(spec.visibleRecords),
    ...(spec.continueOne ? { continueOne: copied(spec.continueOne) } : {}),
    ...(spec.stallProbes ? { stallProbes: copied(spec.stallProbes) } : {}),
    ...(spec.importCopies ? { importCopies: spec.importCopies } : {}),
  };
}
