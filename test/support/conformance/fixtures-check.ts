import { join } from 'node:path';
import type { AdapterModule } from '../../../src/contract/index.js';
import type { Fixture } from '../../../src/tools/fixture-file.js';
import { VendorSpec } from '../../../src/specs/vendor-spec.js';
import { readFixtures } from '../../../src/tools/fixture-file.js';
import { replayFixture } from '../replay-fixture.js';
import { markedRecords, unitProblems, unreadableMarks, type RecordExpectation } from './units-check.js';

/**
 * The adapter has recorded fixtures: at least one exchange, at least one 2xx page with
 * rows, every fixture replays clean, and its expected rows' times and durations agree with
 * the recorded records read in the units the vendor spec documents (`units-check.ts`).
 */
export async function checkFixtures(module: AdapterModule, root: string): Promise<string[]> {
  const vendor = module.adapter.vendor;
  const fixtures = readFixtures(root, vendor);
  const exchanges = fixtures.flatMap(({ fixture }) => fixture.exchanges);
  const problems: string[] = [];
  if (fixtures.length === 0) problems.push(`no fixtures in fixtures/${vendor}/`);
  if (exchanges.length === 0) problems.push(`fixtures/${vendor}/ holds no recorded exchange (npm run record)`);
  if (!fixtures.some(({ fixture }) => fixture.expectedRows.length > 0)) problems.push(`no fixture of ${vendor} maps to any row`);
  let spec: VendorSpec;
  try {
    spec = VendorSpec.load(join(root, 'specs'), vendor);
  } catch (error) {
    return [...problems, (error as Error).message];
  }
  const marked: RecordExpectation[] = [];
  for (const { fixture } of fixtures) {
    problems.push(...(await replayFixture(module, fixture, spec)).problems);
    const units = fixtureUnitProblems(fixture, spec);
    marked.push(...units.records);
    problems.push(...units.problems);
  }
  if (marked.length === 0 && exchanges.length > 0) problems.push(`specs/${vendor}: no record schema marks its id with x-row-field: conversationId, so no time or duration can be checked against the documented units`);
  problems.push(...unreadableMarks(marked).map((mark) => `specs/${vendor}: ${mark}`));
  return problems;
}

/** A fixture's expected rows against its recorded records, read in the units the spec documents. */
export function fixtureUnitProblems(fixture: Fixture, spec: VendorSpec): { records: RecordExpectation[]; problems: string[] } {
  const records = fixture.exchanges.flatMap(({ request, response }) => (response.status < 300 ? markedRecords(spec, request.method, request.path, response.status, response.body) : []));
  return { records, problems: unitProblems(records, fixture.expectedRows, `fixture ${fixture.case}`) };
}
