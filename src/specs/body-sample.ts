/** Elements of each array a drift check looks at: a field that drifted shows in the first ones. */
export const SAMPLED_ELEMENTS = 20;

/** Containers nested deeper than this are left out of the sample (hostile JSON has no depth bound). */
const MAX_SAMPLE_DEPTH = 32;

/**
 * A copy of a vendor body with every array cut to its first `SAMPLED_ELEMENTS`: checking
 * a 200,000-record page against its spec costs what checking 20 records does.
 */
export function sampleOfBody(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_SAMPLE_DEPTH) return Array.isArray(value) ? [] : {};
  if (Array.isArray(value)) return value.slice(0, SAMPLED_ELEMENTS).map((element) => sampleOfBody(element, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) copy[key] = sampleOfBody(field, depth + 1);
  return copy;
}
