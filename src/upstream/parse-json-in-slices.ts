import { RECORDS_PER_SLICE, yieldToEventLoop } from '../merge/slices.js';

/** Bodies shorter than this are parsed in one go: `JSON.parse` is fastest, and takes a few milliseconds here. */
export const SLICED_PARSE_FROM_CHARS = 512 * 1024;

/** Characters scanned between two yields to the event loop. */
const CHARS_PER_SCAN_SLICE = 256 * 1024;

/** Characters of elements parsed in one `JSON.parse` at most (a single larger element is parsed alone). */
const CHARS_PER_PARSE_SLICE = 128 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

interface ArraySpan {
  /** Offset of `[`. */
  start: number;
  /** Offset just past `]`. */
  end: number;
  /** Offsets of the commas between its elements. */
  commas: number[];
  /** 0: the body is this array; 1: it is a member of the body. */
  level: number;
}

export interface SliceOptions {
  fromChars?: number;
}

/**
 * `JSON.parse` of a vendor body that never holds the event loop for long: a large body's
 * biggest array (the body itself, or one of its members: where vendors put their records)
 * is parsed a slice of elements at a time, yielding between slices, and the rest of the
 * body around it in one go. The value is the one `JSON.parse` gives; text that is not
 * JSON throws, as it does there.
 */
export async function parseJsonInSlices(text: string, options: SliceOptions = {}): Promise<unknown> {
  if (text.length < (options.fromChars ?? SLICED_PARSE_FROM_CHARS)) return JSON.parse(text);
  const span = await largestArray(text);
  if (!span || span.commas.length < 2) return JSON.parse(text);
  const elements = await parseElements(text, span);
  if (span.level === 0) {
    if (text.slice(0, span.start).trim() !== '' || text.slice(span.end).trim() !== '') throw new SyntaxError('text around the JSON value');
    return elements;
  }
  const marker = `sliced-json-${Math.random().toString(36).slice(2)}`;
  const outer: unknown = JSON.parse(`${text.slice(0, span.start)}"${marker}"${text.slice(span.end)}`);
  const holder = outer !== null && typeof outer === 'object' ? (outer as Record<string, unknown>) : undefined;
  const key = holder ? Object.keys(holder).find((candidate) => holder[candidate] === marker) : undefined;
  // A member named twice keeps its last value in JSON.parse: when that hid the array, parse the plain way.
  if (!holder || key === undefined) return JSON.parse(text);
  Object.defineProperty(holder, key, { value: elements, enumerable: true, writable: true, configurable: true });
  return holder;
}

/** The array at level 0 or 1 with the most elements, found in one scan that yields between slices. */
async function largestArray(text: string): Promise<ArraySpan | undefined> {
  let best: ArraySpan | undefined;
  const open: (ArraySpan | undefined)[] = [];
  let inString = false;
  for (let sliceStart = 0; sliceStart < text.length; sliceStart += CHARS_PER_SCAN_SLICE) {
    if (sliceStart > 0) await yieldToEventLoop();
    const sliceEnd = Math.min(text.length, sliceStart + CHARS_PER_SCAN_SLICE);
    for (let at = sliceStart; at < sliceEnd; at += 1) {
      const code = text.charCodeAt(at);
      if (inString) {
        if (code === BACKSLASH) at += 1;
        else if (code === QUOTE) inString = false;
        continue;
      }
      if (code === QUOTE) inString = true;
      else if (code === COMMA) open[open.length - 1]?.commas.push(at);
      else if (code === OPEN_ARRAY || code === OPEN_OBJECT) {
        open.push(code === OPEN_ARRAY && open.length <= 1 ? { start: at, end: -1, commas: [], level: open.length } : undefined);
      } else if (code === CLOSE_ARRAY || code === CLOSE_OBJECT) {
        const closed = open.pop();
        if (closed) {
          // `[` closed by `}`: not JSON; the plain parse says so.
          if (code !== CLOSE_ARRAY) return undefined;
          closed.end = at + 1;
          if (!best || closed.commas.length > best.commas.length) best = closed;
        }
      }
    }
  }
  return best;
}

/** The array's elements, parsed a slice at a time (by element count and by characters). */
async function parseElements(text: string, span: ArraySpan): Promise<unknown[]> {
  const bounds = [span.start, ...span.commas, span.end - 1];
  const elements: unknown[] = [];
  let from = 0;
  while (from < bounds.length - 1) {
    let to = from + 1;
    while (to < bounds.length - 1 && to - from < RECORDS_PER_SLICE && bounds[to + 1]! - bounds[from]! <= CHARS_PER_PARSE_SLICE) to += 1;
    const slice = JSON.parse(`[${text.slice(bounds[from]! + 1, bounds[to])}]`) as unknown[];
    if (slice.length !== to - from) throw new SyntaxError('an array element is missing or malformed');
    for (const element of slice) elements.push(element);
    from = to;
    if (from < bounds.length - 1) await yieldToEventLoop();
  }
  return elements;
}
