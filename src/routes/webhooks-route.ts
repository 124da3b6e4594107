import type { FastifyPluginAsync } from 'fastify';
import type { Caller } from '../auth/caller.js';
import type { WebhookSubscriptionConfig } from '../config/gateway-config.js';
import { GatewayError } from '../errors.js';
import type { GatewayContext } from '../gateway-context.js';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../webhooks/webhook-event.js';
import { errorResponse, successEnvelope } from './route-schemas.js';

const NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';

const deliverySchema = {
  type: 'object',
  required: ['id', 'type', 'agentId', 'rowId', 'status', 'attempts', 'createdAt', 'lastAttemptAt', 'lastError'],
  properties: {
    id: { type: 'string', description: 'The delivery id, sent as `webhook-id` on every attempt' },
    type: { type: 'string', enum: ['conversation.created', 'conversation.updated'] },
    agentId: { type: 'string' },
    rowId: { type: 'string' },
    status: { type: 'string', enum: [...DELIVERY_STATUSES], description: '`pending` (waiting, between attempts or in flight), `delivered` (a 2xx), `failed` (every attempt failed: the dead letter)' },
    attempts: { type: 'integer' },
    createdAt: { type: 'string', format: 'date-time' },
    lastAttemptAt: { type: ['string', 'null'], format: 'date-time' },
    lastError: { type: ['string', 'null'], description: "Why the last attempt failed, in a few words; at most 100 characters of the receiver's answer" },
  },
} as const;

const webhookErrors = {
  400: errorResponse('Bad input (BAD_REQUEST)'),
  401: errorResponse('No valid bearer token (UNAUTHORIZED)'),
  403: errorResponse("The caller is not an ADMIN of the subscription's org or a SUPERADMIN (FORBIDDEN)"),
  404: errorResponse("No such subscription, or another org's (WEBHOOK_NOT_FOUND); no such delivery (DELIVERY_NOT_FOUND)"),
  429: errorResponse('Too many requests from this caller (RATE_LIMITED); see Retry-After'),
} as const;

/**
 * `GET /v1/webhooks/{id}/deliveries` and `POST /v1/webhooks/{id}/deliveries/{deliveryId}/retry`,
 * for the ADMIN callers of the subscription's org and SUPERADMIN. Another org's subscription
 * is not found rather than forbidden, so its existence does not leak.
 */
export const webhooksRoute =
  (context: GatewayContext): FastifyPluginAsync =>
  async (app) => {
    app.get<{ Params: { id: string }; Querystring: { status?: DeliveryStatus; limit?: number } }>(
      '/v1/webhooks/:id/deliveries',
      {
        schema: {
          summary: "A webhook subscription's deliveries, newest first",
          description: 'Deliveries kept: pending ones, delivered ones for a week, failed ones (the dead letter) for a month.',
          operationId: 'listWebhookDeliveries',
          tags: ['webhooks'],
          security: [{ bearerAuth: [] }],
          params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: NAME, description: 'Subscription id' } } },
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: {
              status: { type: 'string', enum: [...DELIVERY_STATUSES], description: 'Only deliveries of this status' },
              limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
            },
          },
          response: { 200: successEnvelope('The deliveries', { type: 'object', required: ['deliveries'], properties: { deliveries: { type: 'array', items: deliverySchema } } }), ...webhookErrors },
        },
      },
      async (request) => {
        allowedSubscription(context, request.caller, request.params.id);
        const deliveries = await context.webhooks!.queue.list(request.params.id, request.query.status, request.query.limit ?? 50);
        return { success: true, data: { deliveries } };
      },
    );

    app.post<{ Params: { id: string; deliveryId: string } }>(
      '/v1/webhooks/:id/deliveries/:deliveryId/retry',
      {
        schema: {
          summary: 'Attempt a delivery again',
          description: 'A failed (dead-lettered) or delivered delivery starts again from its first attempt; a pending one waiting for its next attempt is attempted now. Same `webhook-id`.',
          operationId: 'retryWebhookDelivery',
          tags: ['webhooks'],
          security: [{ bearerAuth: [] }],
          params: {
            type: 'object',
            required: ['id', 'deliveryId'],
            properties: { id: { type: 'string', pattern: NAME }, deliveryId: { type: 'string', pattern: '^msg_[0-9a-f]{32}$' } },
          },
          response: { 202: successEnvelope('The delivery, pending again', { type: 'object', required: ['delivery'], properties: { delivery: deliverySchema } }), ...webhookErrors },
        },
      },
      async (request, reply) => {
        allowedSubscription(context, request.caller, request.params.id);
        const delivery = await context.webhooks!.queue.retry(request.params.id, request.params.deliveryId);
        if (!delivery) throw new GatewayError('DELIVERY_NOT_FOUND');
        return reply.code(202).send({ success: true, data: { delivery } });
      },
    );
  };

function allowedSubscription(context: GatewayContext, caller: Caller, id: string): WebhookSubscriptionConfig {
  const subscription = context.webhooks?.subscriptions.get(id);
  if (!subscription || (caller.role !== 'SUPERADMIN' && caller.org !== subscription.org)) throw new GatewayError('WEBHOOK_NOT_FOUND');
  if (caller.role !== 'SUPERADMIN' && caller.role !== 'ADMIN') throw new GatewayError('FORBIDDEN', "Only the ADMIN callers of the subscription's org and SUPERADMIN read its deliveries");
  return subscription;
}
