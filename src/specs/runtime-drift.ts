import { join } from 'node:path';
import { Counter, type Registry } from 'prom-client';
import { projectRoot } from '../project-root.js';
import { yieldToEventLoop } from '../merge/slices.js';
import { sampleOfBody } from './body-sample.js';
import { VendorSpec } from './vendor-spec.js';

/** Where the vendor documents live: `specs/` at the repository (and image) root. */
export const DEFAULT_SPECS_FOLDER = join(projectRoot(), 'specs');

/** At most this many distinct drifts are remembered for "log once"; later ones are counted, not logged. */
const MAX_LOGGED = 1_000;

export interface RuntimeDriftOptions {
  /** The registry `/metrics` serves. */
  registry: Registry;
  /** Called once per new drift (connection, field, message). */
  log: (message: string, fields: Record<string, string>) => void;
  specsFolder?: string;
  /** Check one response in this many per connection (1: every one). */
  sampleEvery?: number;
}

/**
 * Checks vendor response bodies against the vendor's OpenAPI document as they arrive, with
 * the spec's compiled validators, on a sample of each body (the first elements of every
 * array), so a huge page costs what a small one does. A field that drifted is counted in
 * `gateway_vendor_drift_total{connection, path}` (`path` is the field, array indices
 * folded: `items[].agent_version`) and logged once. It never throws: drift is a signal,
 * never a reason to fail a read.
 */
export class RuntimeDrift {
  readonly drifts: Counter<'connection' | 'path'>;
  private readonly specs = new Map<string, VendorSpec | null>();
  private readonly logged = new Set<string>();
  private readonly seen = new Map<string, number>();
  private readonly specsFolder: string;
  private readonly sampleEvery: number;

  constructor(private readonly options: RuntimeDriftOptions) {
    this.specsFolder = options.specsFolder ?? DEFAULT_SPECS_FOLDER;
    this.sampleEvery = Math.max(1, Math.floor(options.sampleEvery ?? 1));
    this.drifts = new Counter({
      name: 'gateway_vendor_drift_total',
      help: 'Vendor response fields that do not match the vendor spec in specs/, by connection and field path',
      labelNames: ['connection', 'path'] as const,
      registers: [options.registry],
    });
  }

  /** Checks one 2xx body of `method path` from `connection` (an adapter of `vendor`). */
  observe(connection: string, vendor: string, method: string, path: string, body: unknown): void {
    try {
      if (!this.sampled(connection)) return;
      const spec = this.specOf(vendor);
      if (!spec) return;
      for (const deviation of spec.checkResponse(method, path, 200, sampleOfBody(body))) {
        const field = deviation.field.replace(/\[\d+\]/g, '[]');
        this.drifts.inc({ connection, path: field });
        this.logOnce(connection, vendor, `${method} ${path}`, field, deviation.message);
      }
    } catch {
      // A broken spec or an unexpected body must never cost the caller the read.
    }
  }

  private sampled(connection: string): boolean {
    const count = (this.seen.get(connection) ?? 0) + 1;
    this.seen.set(connection, count % this.sampleEvery);
    return count % this.sampleEvery === 1 % this.sampleEvery;
  }

  /**
   * Reads these vendors' documents ahead of their first body, one a turn of the event loop:
   * reading one costs tens of milliseconds, which no request should wait for.
   */
  async warm(vendors: Iterable<string>): Promise<void> {
    for (const vendor of new Set(vendors)) {
      await yieldToEventLoop();
      this.specOf(vendor);
    }
  }

  private specOf(vendor: string): VendorSpec | null {
    if (!this.specs.has(vendor)) {
      let spec: VendorSpec | null = null;
      try {
        spec = VendorSpec.load(this.specsFolder, vendor);
      } catch {
        // No spec for this vendor: nothing to check against.
      }
      this.specs.set(vendor, spec);
    }
    return this.specs.get(vendor) ?? null;
  }

  private logOnce(connection: string, vendor: string, operation: string, field: string, message: string): void {
    // Unknown enum values name the value: the same field with another value is logged again, up to the cap.
    const key = `${connection}\u0000${field}\u0000${message}`;
    if (this.logged.has(key) || this.logged.size >= MAX_LOGGED) return;
    this.logged.add(key);
    this.options.log('vendor response drifted from its spec', { connection, vendor, operation, path: field, problem: message });
  }
}
