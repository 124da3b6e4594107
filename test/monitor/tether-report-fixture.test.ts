import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tetherMonitor } from '../../adapters/tether/tether-monitor.js';
import type { ReportedStall } from '../../src/contract/index.js';
import { VendorSpec } from '../../src/specs/vendor-spec.js';
import type { FixtureExchange } from '../../src/tools/fixture-file.js';

/**
 * Tether's conversation-monitor report, recorded (`fixtures/tether/monitor/`): the monitor
 * builds exactly the recorded requests, every exchange is what `specs/tether.openapi.yaml`
 * documents, and the rows read into the recorded stalls.
 */

interface ReportFixture {
  case: string;
  binding: Record<string, unknown>;
  exchanges: FixtureExchange[];
  expectedStalls: ReportedStall[];
}

const root = join(import.meta.dirname, '..', '..');
const folder = join(root, 'fixtures', 'tether', 'monitor');
const fixtures = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')) as ReportFixture);
const spec = VendorSpec.load(join(root, 'specs'), 'tether');

describe('tether monitor report fixtures', () => {
  it('exist, with a 200 and a 401', () => {
    const statuses = fixtures.flatMap((fixture) => fixture.exchanges.map((exchange) => exchange.response.status));
    expect(statuses).toContain(200);
    expect(statuses).toContain(401);
  });

  for (const fixture of fixtures) {
    it(`${fixture.case}: the monitor builds the recorded requests`, () => {
      const binding = { connection: 'tether', ...fixture.binding };
      fixture.exchanges.forEach((exchange, index) => {
        const page = Number(exchange.request.query.page);
        const built = tetherMonitor.buildReportRequest({ binding, credential: 'token', page, pageSize: Number(exchange.request.query.limit) });
        const query = Object.fromEntries(Object.entries(built.query ?? {}).filter(([, value]) => value !== undefined).map(([name, value]) => [name, String(value)]));
        expect({ method: built.method, path: built.path, query }, `exchange ${index}`).toEqual(exchange.request);
      });
    });

    it(`${fixture.case}: requests and responses are what the spec documents`, () => {
      for (const exchange of fixture.exchanges) {
        const { method, path, query } = exchange.request;
        expect(spec.checkRequest(method, path, query)).toEqual([]);
        expect(spec.checkResponse(method, path, exchange.response.status, exchange.response.body)).toEqual([]);
      }
    });

    it(`${fixture.case}: the rows read into the recorded stalls`, () => {
      const stalls = fixture.exchanges
        .filter((exchange) => exchange.response.status === 200)
        .flatMap((exchange) => tetherMonitor.parseReportPage(exchange.response.body).records.map((record) => tetherMonitor.readStall(record)));
      expect(stalls).toEqual(fixture.expectedStalls);
      expect(stalls.length).toBeGreaterThan(0);
    });
  }
});
