import { rowOf } from './rows-check.js';
import { recordsOf, type SimulatedVendor } from './simulated-vendor.js';

/**
 * The declared order strategy holds on the simulator, over every page read in order:
 * native and bounded-lag keys never increase (nulls last); `native` rows are never active
 * after their key; `bounded-lag` rows at most the default lag after it. A whole window
 * promises no order: completeness is all it needs.
 */
export function checkOrder(vendor: SimulatedVendor): string[] {
  if (vendor.walkProblem) return [vendor.walkProblem];
  const { adapter } = vendor.module;
  const order = adapter.order;
  if (order.kind === 'whole-window') return [];
  const problems: string[] = [];
  let previous: number | null | undefined;
  for (const [index, record] of recordsOf(vendor).entries()) {
    const key = adapter.nativeKey(record);
    if (previous === null && key !== null) problems.push(`record ${index}: native key ${iso(key)} after a record without one (nulls come last)`);
    if (typeof previous === 'number' && key !== null && key > previous) {
      problems.push(`record ${index}: native key ${iso(key)} is later than the one before it (${iso(previous)})`);
    }
    previous = key;
    let lastActivity: number | null;
    try {
      const row = rowOf(vendor, record);
      lastActivity = row.lastActivityAt === null ? null : Date.parse(row.lastActivityAt);
    } catch {
      continue;
    }
    if (key === null || lastActivity === null) continue;
    const lagMs = order.kind === 'bounded-lag' ? order.defaultMaxLagSeconds * 1000 : 0;
    if (lastActivity - key > lagMs) {
      problems.push(`record ${index}: last activity ${iso(lastActivity)} is ${(lastActivity - key) / 1000} s after its native key ${iso(key)} (allowed: ${lagMs / 1000} s)`);
    }
  }
  return problems;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
