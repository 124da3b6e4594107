import { afterEach, describe, expect, it } from 'vitest';
import { MockAgent } from 'undici';
import { VendorSpec } from '../../src/specs/vendor-spec.js';
import { recordFixture } from '../../src/tools/record-fixture.js';
import { replayFixture } from '../support/replay-fixture.js';
import { SCRATCH_LINE, SCRATCH_SPEC, scratchCalls, scratchModule, serveScratch, type ScratchCall } from '../support/scratch-offset-vendor.js';
import { bareConnection } from '../support/vendor-harness.js';

/**
 * The recorder on a vendor whose binding is personal data (a phone line, as an index-paged
 * call API without agents has): the binding is faked as the recorded queries are, so the
 * replay builds exactly the recorded requests; a record the adapter cannot map is listed in
 * the fixture as expected to be skipped.
 */

const ORIGIN = 'http://scratch-recorded.test';
const CREDENTIAL = 'scratch-recorder-key-0123';
const spec = new VendorSpec('scratch-offset', 'scratch-offset-vendor.ts', SCRATCH_SPEC);
const binding = { connection: 'scratch', phoneNumber: SCRATCH_LINE, direction: 'inbound' };
let agent: MockAgent | undefined;

async function record(calls: readonly ScratchCall[]) {
  agent = new MockAgent();
  agent.disableNetConnect();
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: 'GET' })
    .reply((request) => ({ statusCode: 200, data: JSON.stringify(serveScratch(calls, request.path)), responseOptions: { headers: { 'content-type': 'application/json' } } }))
    .persist();
  return recordFixture({ connection: bareConnection(scratchModule.adapter, ORIGIN, CREDENTIAL), binding, caseName: 'phone-line', pages: 3, pageSize: 4, dispatcher: agent });
}

afterEach(async () => {
  await agent?.close();
});

describe('recording a source bound to a phone number', () => {
  it('fakes the phone number in the binding as in the queries, and the recording replays clean', async () => {
    const { fixture } = await record(scratchCalls(20));
    const phone = fixture.binding.phoneNumber;
    expect(phone).not.toBe(SCRATCH_LINE);
    expect(JSON.stringify(fixture)).not.toContain(SCRATCH_LINE);
    expect(fixture.exchanges.map((exchange) => exchange.request.query.to_number)).toEqual(fixture.exchanges.map(() => phone));
    expect(fixture.expectedRows.length).toBeGreaterThan(4);
    expect((await replayFixture(scratchModule, fixture, spec)).problems).toEqual([]);
  });

  it('lists a record the adapter cannot map as expected to be skipped; the replay holds it to that', async () => {
    const calls = scratchCalls(20).map((call, index) => (index === 1 ? ({ ...call, call_id: undefined } as unknown as ScratchCall) : call));
    const { fixture, warnings } = await record(calls);
    expect(fixture.expectedSkips).toEqual(['exchange 0: record 1']);
    expect(warnings).toEqual(['exchange 0: record 1 could not be mapped and makes no row: listed in expectedSkips']);
    expect((await replayFixture(scratchModule, fixture, spec)).problems).toEqual([]);

    const unlisted = await replayFixture(scratchModule, { ...fixture, expectedSkips: undefined }, spec);
    expect(unlisted.problems).toEqual([expect.stringMatching(/^scratch-offset case phone-line: exchange 0: record 1 could not be mapped: /)]);
    const wrong = await replayFixture(scratchModule, { ...fixture, expectedSkips: ['exchange 0: record 1', 'exchange 1: record 0'] }, spec);
    expect(wrong.problems).toEqual(['scratch-offset case phone-line: exchange 1: record 0 is listed in expectedSkips but was not skipped']);
  });
});
