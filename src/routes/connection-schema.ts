import { successEnvelope } from './route-schemas.js';

/** The response schema of `GET /v1/connections`: what the vendor client has seen of each connection. */

const nullableTime = { type: ['string', 'null'], format: 'date-time' } as const;

export const connectionReportSchema = {
  type: 'object',
  description: "One connection's recent vendor calls, circuit breaker and concurrency cap",
  required: [
    'connection', 'vendor', 'requests', 'failures', 'consecutiveFailures', 'lastLatencyMs',
    'averageLatencyMs', 'lastSuccessAt', 'lastError', 'breaker', 'concurrency',
  ],
  properties: {
    connection: { type: 'string', description: 'Connection name' },
    vendor: { type: 'string', description: 'Adapter name' },
    requests: { type: 'integer', description: 'Real vendor calls since start (cache hits are not calls)' },
    failures: { type: 'integer' },
    consecutiveFailures: { type: 'integer' },
    lastLatencyMs: { type: ['number', 'null'] },
    averageLatencyMs: { type: ['number', 'null'], description: 'Exponentially weighted mean of successful calls' },
    lastSuccessAt: nullableTime,
    lastError: {
      type: ['object', 'null'],
      required: ['code', 'message', 'at'],
      properties: { code: { type: 'string' }, message: { type: 'string' }, at: { type: 'string', format: 'date-time' } },
    },
    breaker: {
      type: 'object',
      required: ['state', 'consecutiveFailures', 'openedAt', 'probeAt'],
      properties: {
        state: { type: 'string', enum: ['closed', 'half-open', 'open'] },
        consecutiveFailures: { type: 'integer' },
        openedAt: nullableTime,
        probeAt: { ...nullableTime, description: 'When an open breaker lets the next probe through' },
      },
    },
    concurrency: {
      type: 'object',
      required: ['active', 'queued', 'max'],
      properties: { active: { type: 'integer' }, queued: { type: 'integer' }, max: { type: 'integer' } },
    },
  },
} as const;

export const connectionsPageSchema = successEnvelope('The connections behind the agents the caller may read (a SUPERADMIN sees all)', {
  type: 'object',
  required: ['connections'],
  properties: { connections: { type: 'array', items: connectionReportSchema } },
} as const);
