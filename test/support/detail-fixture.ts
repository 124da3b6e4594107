import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MappedDetail } from '../../src/contract/index.js';
import type { FixtureExchange } from '../../src/tools/fixture-file.js';

/**
 * A recorded detail read, one file per case: `fixtures/<vendor>/detail/<case>.json`, beside
 * the list fixtures and in their format, with the detail's snapshot instead of rows.
 */
export interface DetailFixture {
  vendor: string;
  case: string;
  description: string;
  /** The source binding the conversation was read for (without `connection`). */
  binding: Record<string, unknown>;
  conversationId: string;
  /** One per read, in the order the adapter declares its `reads`. */
  exchanges: FixtureExchange[];
  /** What the reads map to; absent when a read fails. */
  expectedDetail?: MappedDetail;
  /** The source error code a failing read gives (a vendor 404: `VENDOR_NOT_FOUND`). */
  expectedFailure?: string;
  /** Whether the gateway may answer the detail for the binding (`detailBelongsToBinding`). */
  belongsToBinding?: boolean;
  /** Deviations from the vendor spec the fixture carries on purpose, as the replay words them. */
  knownDrift?: string[];
}

export function readDetailFixtures(root: string, vendor: string): DetailFixture[] {
  const folder = join(root, 'fixtures', vendor, 'detail');
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as DetailFixture);
}
