import { describe, expect, it } from 'vitest';
import { detailBelongsToBinding, jsonOrText, offsetToIso, transcriptSupport, type DetailRead } from '../../src/contract/index.js';

const read = (change: Partial<DetailRead> = {}): DetailRead => ({
  reads: {},
  ownership: 'record',
  map: () => {
    throw new Error('not mapped here');
  },
  ...change,
});

describe('the conversation detail contract', () => {
  it('says whether a transcript can be read, and why not', () => {
    expect(transcriptSupport(read())).toEqual({ supported: true });
    expect(transcriptSupport({ unsupported: 'No public endpoint.' })).toEqual({ supported: false, reason: 'No public endpoint.' });
    expect(transcriptSupport(read({ transcriptUnsupported: 'Row only.' }))).toEqual({ supported: false, reason: 'Row only.' });
    expect(transcriptSupport(undefined)).toEqual({ supported: false, reason: 'The adapter declares no conversation detail read.' });
  });

  it("refuses a record of another agent, and a record naming none unless the vendor's request is scoped to the agent", () => {
    expect(detailBelongsToBinding(read(), { recordAgentId: 'agent_a' }, 'agent_a')).toBe(true);
    expect(detailBelongsToBinding(read(), { recordAgentId: 'agent_b' }, 'agent_a')).toBe(false);
    expect(detailBelongsToBinding(read(), { recordAgentId: null }, 'agent_a')).toBe(false);
    expect(detailBelongsToBinding(read({ ownership: 'request' }), { recordAgentId: null }, 'agent_a')).toBe(true);
    expect(detailBelongsToBinding(read({ ownership: 'request' }), { recordAgentId: 'agent_b' }, 'agent_a')).toBe(false);
  });

  it('parses JSON text and keeps anything else as sent', () => {
    expect(jsonOrText('{"orderId":"o1"}')).toEqual({ orderId: 'o1' });
    expect(jsonOrText('order shipped')).toBe('order shipped');
    expect(jsonOrText({ already: 'parsed' })).toEqual({ already: 'parsed' });
    expect(jsonOrText(undefined)).toBeNull();
  });

  it("places an offset on the call's start, to the millisecond, or gives null", () => {
    expect(offsetToIso(Date.UTC(2026, 0, 15, 12), 61.2345)).toBe('2026-01-15T12:01:01.235Z');
    expect(offsetToIso(null, 3)).toBeNull();
    expect(offsetToIso(Date.UTC(2026, 0, 15, 12), null)).toBeNull();
  });
});
