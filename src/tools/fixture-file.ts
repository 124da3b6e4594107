import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MappedRow } from '../contract/index.js';

/**
 * A recorded vendor conversation, one file per case: `fixtures/<vendor>/<case>.json`.
 * Readable JSON on purpose: a reviewer sees what the vendor sent and what rows it made.
 */

export interface FixtureRequest {
  method: 'GET' | 'POST';
  /** Below the connection's base URL, starting with `/`. */
  path: string;
  query: Record<string, string>;
  /** JSON body of a POST; absent on GET. */
  body?: unknown;
}

export interface FixtureExchange {
  request: FixtureRequest;
  response: { status: number; body: unknown };
}

/**
 * How the exchanges were walked, so a replay can let the adapter make the requests itself
 * and require the recorded ones. Absent on hand-made fixtures: they replay as recorded.
 */
export interface FixtureWalk {
  pageSize: number;
  wantSummary?: boolean;
  /** Push-down bounds the walk had, ISO 8601. */
  since?: string;
  until?: string;
}

export interface Fixture {
  vendor: string;
  case: string;
  description: string;
  /** The source binding the exchanges were made for (without `connection`). */
  binding: Record<string, unknown>;
  walk?: FixtureWalk;
  exchanges: FixtureExchange[];
  /** What the adapter maps from every 2xx exchange's records, in order: the snapshot. */
  expectedRows: MappedRow[];
  /**
   * Deviations from the vendor spec this fixture carries on purpose (an unknown enum value
   * to prove the adapter tolerates it), as the replay words them. Any other deviation fails.
   */
  knownDrift?: string[];
  /**
   * Records the adapter is expected to skip (a `RecordMappingError`: no id), worded as the
   * replay words where they are, `exchange 0: record 3`. Any other record that does not map
   * fails the replay, and so does a record listed here that maps.
   */
  expectedSkips?: string[];
}

export function fixtureFolder(root: string, vendor: string): string {
  return join(root, 'fixtures', vendor);
}

/** Every fixture of a vendor, sorted by file name; none when the folder is missing. */
export function readFixtures(root: string, vendor: string): { file: string; fixture: Fixture }[] {
  const folder = fixtureFolder(root, vendor);
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ file: join(folder, name), fixture: JSON.parse(readFileSync(join(folder, name), 'utf8')) as Fixture }));
}

/** Writes `fixtures/<vendor>/<case>.json`, two-space indented; returns the path. */
export function writeFixture(root: string, fixture: Fixture): string {
  const folder = fixtureFolder(root, fixture.vendor);
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${fixture.case}.json`);
  writeFileSync(file, `${JSON.stringify(fixture, null, 2)}\n`);
  return file;
}
