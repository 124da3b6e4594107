/**
 * The files `npm run new-adapter` writes. Every placeholder fails the conformance suite
 * on purpose (the mapper and `describeError` throw, the spec refuses every body, the
 * fixture has no exchange) until a team fills it in.
 */

export interface ScaffoldNames {
  /** `acme-voice`: folder, file prefix and the row's `vendor`. */
  vendor: string;
  /** `acmeVoice`. */
  camel: string;
  /** `AcmeVoice`. */
  pascal: string;
  /** Import path of the core's public contract from the adapter folder. */
  contract: string;
}

export function typesFile({ pascal, camel, contract }: ScaffoldNames): string {
  return `import type { SourceBinding } from '${contract}';

/**
 * Raw ${pascal} shapes as they arrive. TODO: type only what the gateway reads; keep every
 * field optional (or nullable) where the vendor may omit it, and allow extra fields.
 */
export interface ${pascal}Conversation {
  id?: string | null;
  /** ISO 8601. */
  updatedAt?: string | null;
  [field: string]: unknown;
}

/** The vendor-side agent a source binding reads (\`{ agentId }\`). */
export function ${camel}AgentId(binding: SourceBinding): string {
  return typeof binding.agentId === 'string' ? binding.agentId : '';
}
`;
}

export function adapterFile({ vendor, camel, pascal, contract }: ScaffoldNames): string {
  return `import {
  ADAPTER_CONTRACT_VERSION,
  AGENT_ID_BINDING_SCHEMA,
  VendorShapeError,
  asObject,
  isoToMs,
  type AdapterDefinition,
  type RequestContext,
  type VendorRequest,
} from '${contract}';
import { map${pascal}Row } from './map-${vendor}-row.js';
import { ${camel}AgentId, type ${pascal}Conversation } from './${vendor}-types.js';

/** TODO: the vendor's list endpoint, below the connection's base URL. */
export const ${pascal.toUpperCase()}_CONVERSATIONS_PATH = '/conversations';
const MAX_PAGE_SIZE = 100;

/** TODO: the vendor's auth header and parameters; push bounds down only where that can over-fetch, never under-fetch. */
function buildRequest(context: RequestContext): VendorRequest {
  return {
    method: 'GET',
    path: ${pascal.toUpperCase()}_CONVERSATIONS_PATH,
    query: { agentId: ${camel}AgentId(context.binding), page: context.position.page ?? 1, limit: Math.min(context.pageSize, MAX_PAGE_SIZE) },
    headers: { authorization: \`Bearer \${context.credential}\`, accept: 'application/json' },
  };
}

export const ${camel}Adapter: AdapterDefinition<${pascal}Conversation> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: '${vendor}',
  // TODO: the fields a config's source binding names: bindingSchemaOf({ phoneNumber: …, direction: … }, [...])
  // where the vendor has no agent id (then vendorAgentId names the binding, e.g. phone and direction).
  bindingSchema: AGENT_ID_BINDING_SCHEMA,
  vendorAgentId: ${camel}AgentId,
  boundUserIds: () => [],
  // TODO: how the vendor pages: page, offset (from/to or offset+limit), cursor, time-window or window (docs/adding-a-vendor.md).
  pagination: { kind: 'page', maxPageSize: MAX_PAGE_SIZE, shortPageEnds: true },
  // TODO: native, bounded-lag or whole-window. whole-window is always right, only slower.
  order: { kind: 'whole-window' },
  // TODO: how long a change may take to show in the vendor's list (incremental sync); 60 s when left out.
  changeLagSeconds: 60,
  // Optional, each in the guide: filters (row filters the vendor applies), monitor (stalled
  // conversations), detail (a DetailRead, or { unsupported: reason }: the conformance suite asks for one).
  buildRequest,
  parsePage(body) {
    const data = asObject(body).data;
    if (!Array.isArray(data)) throw new VendorShapeError('${pascal} response has no data array');
    return { records: data };
  },
  nativeKey: (record) => isoToMs(record.updatedAt),
  mapRow: map${pascal}Row,
  describeError() {
    throw new Error('${camel}Adapter.describeError is not implemented: read the vendor error body into a message');
  },
};
`;
}

export function mapperFile({ vendor, pascal, contract }: ScaffoldNames): string {
  return `import type { MapContext, MappedRow } from '${contract}';
import type { ${pascal}Conversation } from './${vendor}-types.js';

/**
 * TODO: map one record onto a row with the helpers of the contract (requireId, mapEnum with
 * an explicit default, epochToMs / isoToMs, msToIso, preview, ...). See the other adapters'
 * map-*-row.ts and keep the README's mapping table in step.
 */
export function map${pascal}Row(_record: ${pascal}Conversation, _context: MapContext): MappedRow {
  throw new Error('map${pascal}Row is not implemented: map ${vendor} records onto rows (docs/adding-a-vendor.md)');
}
`;
}

export function indexFile({ vendor, camel, contract }: ScaffoldNames): string {
  return `import type { AdapterModule } from '${contract}';
import { ${camel}Adapter } from './${vendor}-adapter.js';
import { create${camel[0]!.toUpperCase()}${camel.slice(1)}Simulator } from './${vendor}-simulator.js';

export const ${camel}Module: AdapterModule = {
  adapter: ${camel}Adapter,
  createSimulator: create${camel[0]!.toUpperCase()}${camel.slice(1)}Simulator,
  sandboxBinding: (agentKey) => ({ agentId: agentKey }),
};
`;
}

export function readmeFile({ vendor, pascal }: ScaffoldNames): string {
  return `# ${pascal} adapter

TODO: fill every section in (see docs/adding-a-vendor.md and the other adapters' READMEs).

- **Endpoint**: \`GET {baseUrl}/conversations\` — TODO.
- **Auth and errors**: TODO (header, error body shape, what \`describeError\` reads).
- **Binding**: \`{ agentId }\` — TODO.
- **Pagination**: TODO (\`page\`, \`cursor\`, \`time-window\` or \`window\`, and why).
- **Order**: TODO (\`native\`, \`bounded-lag\` with its lag, or \`whole-window\`, and why).
- **Push-down**: TODO (only filters that can over-fetch, never under-fetch).

## Field mapping (\`map-${vendor}-row.ts\`)

| row field | ← ${pascal} field | notes |
|---|---|---|
| \`conversationId\` | TODO | required |

## Simulator (\`${vendor}-simulator.ts\`)

TODO: what it implements, and the semantics decided where the vendor's documents are silent.
`;
}
