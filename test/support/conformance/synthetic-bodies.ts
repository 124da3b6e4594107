import type { SimulatedVendor } from './simulated-vendor.js';

/**
 * Vendor bodies made from a real one without knowing the vendor's shape: the records
 * array is found by identity with what the adapter's `parsePage` returned.
 */

type Path = (string | number)[];

export function emptiedBody(vendor: SimulatedVendor, body: unknown): unknown {
  return withRecords(vendor, body, () => []);
}

/** The body with its records cut to fewer than the page size (and fewer than it had). */
export function shortenedBody(vendor: SimulatedVendor, body: unknown): unknown {
  return withRecords(vendor, body, (records) => records.slice(0, Math.max(1, Math.min(records.length - 1, vendor.pageSize - 1))));
}

function withRecords(vendor: SimulatedVendor, body: unknown, change: (records: unknown[]) => unknown[]): unknown {
  const path = recordsPath(vendor, body);
  if (path === undefined) throw new Error(`cannot find the records array in a ${vendor.module.adapter.vendor} body`);
  const copy = structuredClone(body);
  if (path.length === 0) return change(copy as unknown[]);
  const parent = path.slice(0, -1).reduce<any>((node, key) => node[key], copy);
  parent[path[path.length - 1]!] = change(parent[path[path.length - 1]!]);
  return copy;
}

/** The path of the array holding the first record `parsePage` returned. */
function recordsPath(vendor: SimulatedVendor, body: unknown): Path | undefined {
  const first = vendor.module.adapter.parsePage(body).records[0];
  if (first === undefined) return undefined;
  const search = (node: unknown, path: Path): Path | undefined => {
    if (Array.isArray(node)) {
      if (node.includes(first)) return path;
      return undefined;
    }
    if (node === null || typeof node !== 'object') return undefined;
    for (const [key, value] of Object.entries(node)) {
      const found = search(value, [...path, key]);
      if (found) return found;
    }
    return undefined;
  };
  return search(body, []);
}
