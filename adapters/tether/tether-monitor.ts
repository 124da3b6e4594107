import {
  RecordMappingError,
  VendorShapeError,
  asObject,
  booleanOrNull,
  isoToMs,
  numberOrNull,
  requireId,
  stringList,
  type ReportMonitor,
  type ReportPage,
  type ReportedStall,
} from '../../src/contract/index.js';
import type { TetherMonitorRow } from './tether-monitor-types.js';
import { readTetherBinding } from './tether-types.js';

export const TETHER_MONITOR_REPORT_PATH = '/api/conversation-monitor/report';
const MAX_PAGE_SIZE = 100;

/**
 * Tether's own conversation-monitor report, used natively. It is read with
 * `skipThreshold=true`, every candidate, so the gateway applies its one threshold to
 * `latestInboundAt` as for every vendor. `organizationId` (SUPERADMIN only) is never
 * sent: a connection's token reads its own organization.
 */
export const tetherMonitor: ReportMonitor = {
  kind: 'report',
  categories: ['ai_stuck', 'agent_abandoned'],
  signals:
    "Tether's own conversation-monitor report (category, latestInboundAt, assigneeNames), read with skipThreshold=true; " +
    "the gateway applies its threshold to latestInboundAt and keeps the rows of the binding's own conversations.",
  maxPageSize: MAX_PAGE_SIZE,

  buildReportRequest(context) {
    const binding = readTetherBinding(context.binding);
    return {
      method: 'GET',
      path: TETHER_MONITOR_REPORT_PATH,
      query: {
        page: context.page,
        limit: Math.min(Math.max(context.pageSize, 1), MAX_PAGE_SIZE),
        category: context.category,
        skipThreshold: 'true',
        departmentId: binding.departmentId,
      },
      headers: { Authorization: `Bearer ${context.credential}` },
    };
  },

  parseReportPage(body): ReportPage {
    const data = asObject(asObject(body).data);
    if (!Array.isArray(data.rows)) throw new VendorShapeError('Tether monitor report has no data.rows array');
    const pagination = asObject(data.pagination);
    const page: ReportPage = { records: data.rows, generatedAt: isoToMs(data.generatedAt), snapshotMissing: data.snapshotMissing === true };
    const totalPages = numberOrNull(pagination.totalPages);
    const totalCount = numberOrNull(data.totalCount) ?? numberOrNull(pagination.total);
    const thresholdMinutes = numberOrNull(data.thresholdMinutes);
    if (totalPages !== null) page.totalPages = totalPages;
    if (totalCount !== null) page.totalCount = totalCount;
    if (thresholdMinutes !== null) page.thresholdMinutes = thresholdMinutes;
    return page;
  },

  readStall(record): ReportedStall {
    const row = record as TetherMonitorRow;
    const category = row.category;
    if (category !== 'ai_stuck' && category !== 'agent_abandoned') {
      throw new RecordMappingError(`unknown monitor category ${String(category)}`);
    }
    return {
      conversationId: requireId(row, 'conversationId'),
      category,
      latestInboundAt: isoToMs(row.latestInboundAt),
      assigneeNames: stringList(row.assigneeNames),
      hasAccess: booleanOrNull(row.hasAccess),
    };
  },
};
