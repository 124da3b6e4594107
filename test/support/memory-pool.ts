import { MemoryVendor, type MemoryKind, type MemoryRecord } from './memory-vendors.js';

export const MINUTE = 60_000;
export const BASE = Date.UTC(2026, 0, 1);
export const LAG_MS = 3 * MINUTE;
export const KINDS: MemoryKind[] = ['page', 'page-short-ends', 'page-with-totals', 'offset-short-ends', 'offset-with-totals', 'cursor-lag', 'time-window', 'window'];
export const MAX_PAGE_SIZE = 6;
export const MAX_VENDORS = 4;

export interface RecordSpec {
  /** Minutes after BASE of the native key; null for the vendor's null tail. */
  time: number | null;
  /** Bounded lag only: how far last activity trails the native key, in thirds of the lag. */
  lagSteps: number;
  tie: number;
  unmappable: boolean;
}

export interface VendorSpec {
  kind: MemoryKind;
  pageSize: number;
  records: RecordSpec[];
  failing: boolean;
  loopsBack: boolean;
}

/**
 * Every vendor a property run may pick, built once so one gateway app serves all runs
 * (an app per run would cost more than the walks): a slot per place in the run's vendor
 * list, per kind and per page size. A run resets the ones it uses and walks them alone
 * with `sources`.
 */
export function memoryPool(): MemoryVendor[] {
  const pool: MemoryVendor[] = [];
  for (let slot = 0; slot < MAX_VENDORS; slot += 1) {
    for (const kind of KINDS) {
      for (let size = 1; size <= (kind === 'window' ? 1 : MAX_PAGE_SIZE); size += 1) {
        pool.push(new MemoryVendor(poolName(slot, kind, size), kind, size, kind === 'cursor-lag' ? LAG_MS : 0, []));
      }
    }
  }
  return pool;
}

function poolName(slot: number, kind: MemoryKind, size: number): string {
  return `s${slot}-${kind}-${kind === 'window' ? 1 : size}`;
}

/** Resets the pool's vendors for these specs and returns them, in spec order. */
export function vendorsFor(pool: readonly MemoryVendor[], specs: readonly VendorSpec[]): MemoryVendor[] {
  return specs.map((spec, slot) => {
    const vendor = pool.find((candidate) => candidate.name === poolName(slot, spec.kind, spec.pageSize))!;
    vendor.reset(recordsOf(spec));
    vendor.failing = spec.failing;
    vendor.loopsBack = spec.loopsBack && spec.kind === 'cursor-lag';
    return vendor;
  });
}

/** A spec's records as a vendor holds them: ids `r<position>`, times on the minute grid. */
export function recordsOf(spec: VendorSpec): MemoryRecord[] {
  return spec.records.map((record, position) => {
    // A time window reads below a time: a record with no native key could never be reached. Its
    // last activity may still be unknown (such a row comes last in the gateway order).
    const n = record.time === null ? (spec.kind === 'time-window' ? BASE - MINUTE : null) : BASE + record.time * MINUTE;
    // Bounded lag: last activity trails the native key by at most LAG_MS.
    const t = record.time === null ? null : spec.kind === 'cursor-lag' ? n! + (record.lagSteps * LAG_MS) / 3 : n;
    // The vendor's tie order is its own (not the id), and unique, as a keyset cursor needs.
    return { id: `r${position}`, n, t, tie: record.tie * 100 + position, ...(record.unmappable ? { unmappable: true } : {}) };
  });
}

/**
 * The records a complete walk of this vendor can deliver: none of a failing vendor, the
 * first three pages of one whose cursors loop back (the walk stops at the repeat), all
 * otherwise; never an unmappable one.
 */
export function deliverable(vendor: MemoryVendor): MemoryRecord[] {
  if (vendor.failing) return [];
  const reachable = vendor.loopsBack ? vendor.ordered().slice(0, 3 * vendor.pageSize) : vendor.records;
  return reachable.filter((record) => !record.unmappable);
}
