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
  };
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
