/** The comparisons vendors' filter operators name, under their usual short names. */

export const NUMBER_COMPARISONS: Readonly<Record<string, (a: number, b: number) => boolean>> = {
  eq: (a, b) => a === b, ne: (a, b) => a !== b, gt: (a, b) => a > b, ge: (a, b) => a >= b, lt: (a, b) => a < b, le: (a, b) => a <= b,
};

/** `sw` starts with, `ew` ends with, `co` contains. */
export const TEXT_COMPARISONS: Readonly<Record<string, (a: string, b: string) => boolean>> = {
  eq: (a, b) => a === b, ne: (a, b) => a !== b, sw: (a, b) => a.startsWith(b), ew: (a, b) => a.endsWith(b), co: (a, b) => a.includes(b),
};
