import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonInSlices } from '../../src/upstream/parse-json-in-slices.js';

/** The plain parse's verdict: its value, or that it threw. */
function plain(text: string): { value: unknown } | 'throws' {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return 'throws';
  }
}

async function sliced(text: string): Promise<{ value: unknown } | 'throws'> {
  try {
    return { value: await parseJsonInSlices(text, { fromChars: 0 }) };
  } catch {
    return 'throws';
  }
}

/** Bodies shaped like vendor pages: records at the top or under one member, beside other members. */
const bodyArbitrary = fc.oneof(
  fc.array(fc.jsonValue(), { minLength: 3, maxLength: 40 }),
  fc.record({ records: fc.array(fc.jsonValue(), { minLength: 3, maxLength: 40 }), next: fc.jsonValue(), meta: fc.jsonValue() }),
  fc.jsonValue(),
);

describe('parseJsonInSlices', () => {
  it('gives what JSON.parse gives for any JSON text, with any spacing', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArbitrary, fc.constantFrom(undefined, 2, '\t'), async (value, space) => {
        const text = JSON.stringify(value, null, space);
        expect(await sliced(text)).toEqual(plain(text));
      }),
      { numRuns: 300 },
    );
  });

  it('throws where JSON.parse throws: text cut, a character dropped or swapped in', async () => {
    await fc.assert(
      fc.asyncProperty(bodyArbitrary, fc.nat(), fc.constantFrom('', ',', ']', '}', '[', '{', '"', ' x'), async (value, at, insert) => {
        const text = JSON.stringify(value);
        const place = at % (text.length + 1);
        const broken = text.slice(0, place) + insert + text.slice(place + 1);
        expect(await sliced(broken)).toEqual(plain(broken));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the records of a member named twice as JSON.parse does (the last one wins)', async () => {
    const text = '{"records":[1,2,3,4],"records":[5,6]}';
    expect(await sliced(text)).toEqual({ value: { records: [5, 6] } });
  });

  it('puts records under "__proto__" as an own member, like JSON.parse', async () => {
    const text = '{"__proto__":[1,2,3,4],"a":1}';
    const result = await sliced(text);
    expect(result).toEqual(plain(text));
    expect(Object.getPrototypeOf((result as { value: object }).value)).toBe(Object.prototype);
  });

  it('parses 200,000 records in slices: the event loop runs between them', async () => {
    const text = JSON.stringify({ data: Array.from({ length: 200_000 }, (_, index) => ({ id: `r${index}`, at: index })), next: 'c' });
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    const value = (await parseJsonInSlices(text)) as { data: { id: string }[]; next: string };
    clearInterval(ticker);
    expect(value.data).toHaveLength(200_000);
    expect(value.data[199_999]).toEqual({ id: 'r199999', at: 199_999 });
    expect(value.next).toBe('c');
    expect(turns).toBeGreaterThan(10);
  });
});
