import {
  ADAPTER_CONTRACT_VERSION,
  bindingSchemaOf,
  VendorShapeError,
  asObject,
  isoToMs,
  stringOrNull,
  type AdapterDefinition,
  type VendorPage,
} from '../../src/contract/index.js';
import { mapTetherRow } from './map-tether-row.js';
import { tetherDetail } from './tether-detail.js';
import { tetherMonitor } from './tether-monitor.js';
import { readTetherBinding, type TetherConversationRow } from './tether-types.js';

const AGENT_CONVERSATIONS_PATH = '/api/escalation-dashboard/agent-conversations';
const MAX_PAGE_SIZE = 100;

export const tetherAdapter: AdapterDefinition<TetherConversationRow> = {
  contractVersion: ADAPTER_CONTRACT_VERSION,
  vendor: 'tether',

  bindingSchema: bindingSchemaOf(
    {
      // Tether answers any other id with a 400 on every read: refused at start-up instead.
      userId: { type: 'string', pattern: '^[0-9a-fA-F]{24}$', description: 'a Tether user id: an ObjectId of 24 hexadecimal digits' },
      type: {
        type: 'string',
        enum: ['assignee', 'owner'],
        default: 'assignee',
        description: "`assignee`: the conversations the user is among the assignees of; `owner`: those the user owns",
      },
      departmentId: { type: 'string', minLength: 1, description: 'only the conversations of this Tether department' },
    },
    ['userId'],
  ),

  vendorAgentId: (binding) => readTetherBinding(binding).userId,
  boundUserIds: (binding) => [readTetherBinding(binding).userId],

  // The vendor reports totalPages, and a page shorter than `limit` is the last one.
  pagination: { kind: 'page', maxPageSize: MAX_PAGE_SIZE, shortPageEnds: true },
  // lastMessageTime desc, nulls last: exactly the gateway's lastActivityAt.
  order: { kind: 'native' },
  changeLagSeconds: 60,

  buildRequest(context) {
    const binding = readTetherBinding(context.binding);
    return {
      method: 'GET',
      path: AGENT_CONVERSATIONS_PATH,
      // No time filter exists on this endpoint, so nothing else is pushed down.
      query: {
        userId: binding.userId,
        type: binding.type,
        departmentId: binding.departmentId,
        page: context.position.page ?? 1,
        // The vendor clamps silently above its maximum (a clamped page would look short and end
        // the walk): the core keeps the page size within `maxPageSize`.
        limit: context.pageSize,
      },
      headers: { Authorization: `Bearer ${context.credential}` },
    };
  },

  parsePage(body): VendorPage {
    const data = asObject(asObject(body).data);
    if (!Array.isArray(data.rows)) throw new VendorShapeError('Tether response has no data.rows array');
    const totalPages = asObject(data.pagination).totalPages;
    return typeof totalPages === 'number' && Number.isInteger(totalPages) && totalPages >= 0
      ? { records: data.rows, totalPages }
      : { records: data.rows };
  },

  nativeKey: (record) => isoToMs(record.lastMessageTime),

  mapRow: mapTetherRow,

  monitor: tetherMonitor,

  detail: tetherDetail,

  describeError(_status, body) {
    const error = asObject(body);
    const vendorCode = stringOrNull(error.error) ?? undefined;
    const message = stringOrNull(error.message) ?? vendorCode ?? null;
    return vendorCode === undefined ? { message } : { message, vendorCode };
  },
};
