import type { ScaffoldNames } from './scaffold-templates.js';

/** The simulator, spec and fixture stubs `npm run new-adapter` writes. */

export function simulatorFile({ vendor, camel, pascal, contract }: ScaffoldNames): string {
  const factory = `create${camel[0]!.toUpperCase()}${camel.slice(1)}Simulator`;
  const kit = contract.replace(/index\.js$/, 'testing.js');
  return `import type { SimulatorFactory } from '${contract}';
import {
  createRandom,
  createVendorSimulator,
  gridTime,
  seedFor,
  type SimulatorRequest,
  type SimulatorResponse,
} from '${kit}';
import { ${pascal.toUpperCase()}_CONVERSATIONS_PATH } from './${vendor}-adapter.js';
import { ${camel}AgentId, type ${pascal}Conversation } from './${vendor}-types.js';

/**
 * A simulator of ${pascal}'s list endpoint. TODO: make it answer exactly as the vendor
 * does (shape, order, paging, filters, errors) and write down what you decided where
 * the vendor's documents are silent. This stub serves \`{ data }\`, newest first.
 */

const VENDOR = '${vendor}';

export const ${factory}: SimulatorFactory = (options) => {
  const conversations: ${pascal}Conversation[] = [];
  for (const { binding, count } of options.agents) {
    const random = createRandom(seedFor(options.seed, VENDOR, ${camel}AgentId(binding)));
    for (let index = 0; index < count; index += 1) {
      conversations.push({ id: \`conv_\${random.hex(16)}\`, agentId: ${camel}AgentId(binding), updatedAt: new Date(gridTime(random, options.now, count * 4)).toISOString() });
    }
  }
  const newestFirst = (agentId: string) =>
    conversations.filter((conversation) => conversation.agentId === agentId).sort((a, b) => Date.parse(b.updatedAt!) - Date.parse(a.updatedAt!));

  function list(request: SimulatorRequest): SimulatorResponse {
    if (request.headers.authorization !== \`Bearer \${options.credential}\`) return { status: 401, body: { message: 'Unauthorized' } };
    const page = Number(request.query.get('page') ?? 1);
    const limit = Number(request.query.get('limit') ?? 20);
    const data = newestFirst(request.query.get('agentId') ?? '').slice((page - 1) * limit, page * limit);
    return { status: 200, body: { data: structuredClone(data) } };
  }

  return createVendorSimulator({
    vendor: VENDOR,
    seed: options.seed,
    basePath: '',
    routes: [{ method: 'GET', pattern: new RegExp(\`^\${${pascal.toUpperCase()}_CONVERSATIONS_PATH}/?$\`), handle: list }],
    notFound: () => ({ status: 404, body: { message: 'Not Found' } }),
    insertNewest(binding) {
      const latest = Math.max(options.now, ...conversations.map((conversation) => Date.parse(conversation.updatedAt!)));
      const conversation = { id: \`conv_new_\${conversations.length}\`, agentId: ${camel}AgentId(binding), updatedAt: new Date(latest + 60_000).toISOString() };
      conversations.push(conversation);
      return structuredClone(conversation);
    },
    visibleRecords: (binding) => structuredClone(newestFirst(${camel}AgentId(binding))),
  });
};
`;
}

/** An OpenAPI stub whose schemas (`not: {}`) refuse every body until the vendor's are written in. */
export function specStub({ pascal }: ScaffoldNames): unknown {
  const todo = { description: "TODO: the vendor's schema. `not: {}` refuses every body until it is written.", not: {} };
  return {
    openapi: '3.0.3',
    info: {
      title: `${pascal} — list conversations`,
      version: '0.0.0',
      description: "TODO: take this from the vendor's own OpenAPI file or documents; say where each part comes from.",
    },
    paths: {
      '/conversations': {
        get: {
          parameters: [
            { in: 'query', name: 'agentId', schema: { type: 'string' } },
            { in: 'query', name: 'page', schema: { type: 'integer', minimum: 1 } },
            { in: 'query', name: 'limit', schema: { type: 'integer', minimum: 1 } },
          ],
          responses: {
            '200': { description: 'TODO', content: { 'application/json': { schema: todo } } },
            default: { description: 'TODO: the error body', content: { 'application/json': { schema: todo } } },
          },
        },
      },
    },
    // TODO: the vendor's auth as it documents it (conformance checks every request against it),
    // and mark the record's id, times and durations with x-row-field / x-unit (docs/adding-a-vendor.md, section 6).
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
  };
}

/**
 * `test/contract/sdk/<vendor>.spec.test.ts`: the simulator judged by the vendor's spec,
 * failing until its author lists the parameters it proves and writes a case for each.
 */
export function specTestFile({ vendor, camel, pascal }: ScaffoldNames): string {
  // The generated test imports the new adapter folder; the core itself never does.
  const folder = ['..', '..', '..', 'adapters', vendor].join('/');
  return `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ${pascal.toUpperCase()}_CONVERSATIONS_PATH } from '${folder}/${vendor}-adapter.js';
import { ${camel}Module } from '${folder}/index.js';
import type { SourceBinding, VendorSimulator } from '../../../src/contract/index.js';
import { requestContext } from '../../support/vendor-harness.js';
import { declaredQueryParameters, getJson, loadSpec } from './spec-judge.js';

/**
 * ${pascal} judged by its own document (specs/${vendor}.openapi.json). Where the vendor publishes an
 * official client, write ${vendor}.sdk.test.ts instead: the client's own calls judge the simulator.
 */

const CREDENTIAL = '${vendor}-spec-key';
const LIST = ${pascal.toUpperCase()}_CONVERSATIONS_PATH;
const binding: SourceBinding = { connection: '${vendor}', ...${camel}Module.sandboxBinding('spec-agent') };
const spec = loadSpec('${vendor}');
let simulator: VendorSimulator;
// TODO: the auth header as the spec's security scheme says.
const get = (query: Record<string, string | number>, credential = CREDENTIAL) => getJson(simulator.baseUrl, LIST, query, { authorization: \`Bearer \${credential}\` });

/**
 * TODO: one case per query parameter the spec declares: the query, and which of the binding's
 * records the vendor keeps for it (a parameter the vendor rejects: a case in the test below).
 */
const FILTER_CASES: { parameter: string; query: Record<string, string | number>; keeps: (record: any) => boolean }[] = [];

beforeAll(async () => {
  simulator = ${camel}Module.createSimulator({ seed: 21, credential: CREDENTIAL, now: Date.UTC(2026, 4, 1), agents: [{ binding, count: 40 }] });
  await simulator.start();
});
afterAll(async () => {
  await simulator.close();
});

describe('${vendor} simulator judged by its spec', () => {
  it('has a case for every query parameter the spec declares', () => {
    expect(FILTER_CASES.map((filter) => filter.parameter).sort()).toEqual(declaredQueryParameters(spec, 'GET', LIST));
  });

  it('honours every filter the spec declares, answering as the spec says', async () => {
    for (const { query, keeps } of FILTER_CASES) {
      const { status, body } = await get(query);
      expect(status, JSON.stringify(query)).toBe(200);
      expect(spec.checkResponse('GET', LIST, 200, body)).toEqual([]);
      const records = ${camel}Module.adapter.parsePage(body).records;
      expect(records.length, JSON.stringify(query)).toBe(simulator.visibleRecords(binding).filter(keeps).length);
    }
  });

  it('refuses a wrong credential with the error the spec documents', async () => {
    const { status, body } = await get({}, 'not-the-key');
    expect([401, 403]).toContain(status);
    expect(spec.checkResponse('GET', LIST, status, body)).toEqual([]);
  });

  it("the adapter's requests use only what the spec declares", () => {
    const request = ${camel}Module.adapter.buildRequest(requestContext(${camel}Module.adapter, binding, CREDENTIAL, 50, { page: 2 }));
    const query = Object.fromEntries(Object.entries(request.query ?? {}).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)]])));
    expect(spec.checkRequest(request.method, request.path, query)).toEqual([]);
  });
});
`;
}

/** A fixture without exchanges: the conformance suite asks for at least one recorded. */
export function fixtureStub({ vendor }: ScaffoldNames): unknown {
  return {
    vendor,
    case: 'example',
    description: `TODO: record real exchanges: npm run record -- --connection <connection> --agent <agent> --case <case>, then delete this file.`,
    binding: { agentId: 'TODO' },
    exchanges: [],
    expectedRows: [],
  };
}
