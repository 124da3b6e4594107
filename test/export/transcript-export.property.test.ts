import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message, Row } from '../../src/contract/index.js';
import type { ExportTrailer } from '../../src/export/export-trailer.js';
import { expectedIds } from '../support/expected-memory-rows.js';
import { MEMORY_AGENT, startMemoryApp, type MemoryApp } from '../support/memory-app.js';
import { MAX_VENDORS, memoryPool, vendorsFor } from '../support/memory-pool.js';
import { memoryTranscript, type MemoryVendor } from '../support/memory-vendors.js';
import { vendorArbitrary } from '../support/vendor-arbitraries.js';

/**
 * The export with transcripts over memory vendors of every pagination kind: cut by its
 * vendor-call budget at any point (list reads and detail reads come out of the same one)
 * and resumed with its cursor until complete, it writes every row of the walk once, in the
 * gateway order, each with its own transcript, or with the transcript's error where the
 * vendor's detail read fails.
 */

type Line = Row & { messages: Message[]; transcript: { status: string; error?: { code: string } } };

let memory: MemoryApp;
const pool = memoryPool();

beforeAll(async () => {
  memory = await startMemoryApp(pool);
});
afterAll(async () => {
  await memory.close();
});

async function exportOnce(sources: string, cursor: string | undefined): Promise<{ lines: Line[]; trailer: ExportTrailer; status: number }> {
  const query = new URLSearchParams({ sources, include: 'transcript', ...(cursor ? { cursor } : {}) });
  const response = await memory.app.inject({ url: `/v1/agents/${MEMORY_AGENT}/conversations/export?${query}`, headers: { authorization: `Bearer ${memory.token}` } });
  if (response.statusCode !== 200) return { lines: [], trailer: undefined as unknown as ExportTrailer, status: response.statusCode };
  const values = response.body.trim().split('\n').map((line) => JSON.parse(line) as Line | { trailer: ExportTrailer });
  const { trailer } = values.pop() as { trailer: ExportTrailer };
  return { lines: values as Line[], trailer, status: 200 };
}

function recordOf(vendors: MemoryVendor[], rowId: string) {
  const [name, id] = rowId.split(':') as [string, string];
  return { vendor: vendors.find((vendor) => vendor.name === name)!, id };
}

describe('the export with transcripts (property)', () => {
  it('cut by its vendor calls anywhere and resumed, writes every row once, in order, each with its own transcript', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(vendorArbitrary({ faults: false }), { minLength: 1, maxLength: MAX_VENDORS }),
        fc.array(fc.boolean(), { minLength: MAX_VENDORS, maxLength: MAX_VENDORS }),
        fc.integer({ min: 6, max: 60 }),
        async (specs, detailFailing, cap) => {
          const vendors = vendorsFor(pool, specs);
          vendors.forEach((vendor, index) => {
            vendor.detailFailing = detailFailing[index]!;
          });
          const sources = vendors.map((vendor) => vendor.name).join(',');
          const written: Line[] = [];
          let cursor: string | undefined;
          let calls = cap;
          for (let round = 0; ; round += 1) {
            expect(round, 'the export did not end in 200 rounds').toBeLessThan(200);
            memory.app.gateway.config.limits.maxVendorCallsPerExport = calls;
            const { lines, trailer } = await exportOnce(sources, cursor);
            written.push(...lines);
            expect(trailer.vendorCalls).toBeLessThanOrEqual(calls);
            if (trailer.complete) break;
            expect(trailer.cut?.reason).toBe('calls');
            cursor = trailer.cursor!;
            // A cap below what the first row costs (its list pages and its detail read) writes nothing: as a user would, give it more.
            if (lines.length === 0) calls *= 2;
            await memory.settle();
          }
          expect(written.map((line) => line.id)).toEqual(expectedIds(vendors, {}));
          for (const line of written) {
            const { vendor, id } = recordOf(vendors, line.id);
            if (vendor.detailFailing) {
              expect(line.transcript).toEqual({ status: 'error', error: expect.objectContaining({ code: 'VENDOR_HTTP_ERROR' }) });
              expect(line.messages).toEqual([]);
            } else {
              expect(line.transcript).toEqual({ status: 'ok' });
              expect(line.messages).toEqual(memoryTranscript({ id }));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 240_000);

  it('reads a detail only for rows it writes or holds, never more than the rows plus one connection window each', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(vendorArbitrary({ faults: false }), { minLength: 1, maxLength: MAX_VENDORS }), async (specs) => {
        const vendors = vendorsFor(pool, specs);
        memory.app.gateway.config.limits.maxVendorCallsPerExport = 1_000_000;
        const { lines, trailer } = await exportOnce(vendors.map((vendor) => vendor.name).join(','), undefined);
        await memory.settle();
        expect(trailer.complete).toBe(true);
        expect(trailer.transcripts).toEqual({ ok: lines.length, unsupported: 0, unavailable: 0, error: 0 });
        const details = vendors.reduce((sum, vendor) => sum + vendor.detailRequests, 0);
        expect(details).toBe(lines.length);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});

describe('a configured secret in what was said', () => {
  it('is blanked out of the export and the detail answer, as in any answer', async () => {
    const secret = 'memory-app-jwt-secret-0123456789abcdef';
    const [vendor] = vendorsFor(pool, [{ kind: 'page', pageSize: 5, records: [{ time: 1, lagSteps: 0, tie: 0, unmappable: false }], failing: false, loopsBack: false }]);
    vendor!.records[0]!.id = `leak-${secret}`;
    memory.app.gateway.config.limits.maxVendorCallsPerExport = 1_000;
    const exported = await memory.app.inject({ url: `/v1/agents/${MEMORY_AGENT}/conversations/export?sources=${vendor!.name}&include=transcript`, headers: { authorization: `Bearer ${memory.token}` } });
    expect(exported.statusCode).toBe(200);
    expect(exported.body).not.toContain(secret);
    expect(exported.body).toContain('hello from leak-[redacted]');
    const detail = await memory.app.inject({
      url: `/v1/agents/${MEMORY_AGENT}/conversations/${encodeURIComponent(`${vendor!.name}:leak-${secret}`)}`,
      headers: { authorization: `Bearer ${memory.token}` },
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain(secret);
    expect(detail.json().data.messages[0].text).toBe('hello from leak-[redacted]');
  });
});
