import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { envelopeOf, GatewayError, type ErrorCode } from '../errors.js';
import { REQUEST_ID_HEADER } from '../telemetry/request-id.js';
import { securityHeadersFor } from './security-headers.js';

/**
 * Every answer that is not a success uses the one envelope. Bad input is a 4xx with a
 * message that says what to fix; only a bug is a 500, and its details stay in the log.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const gatewayError = toGatewayError(error);
    if (gatewayError.status >= 500 && !(error instanceof GatewayError)) {
      request.log.error({ err: error }, 'unhandled error');
    }
    void reply.code(gatewayError.status).headers(gatewayError.headers).send(envelopeOf(gatewayError));
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send(envelopeOf(new GatewayError('NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`)));
  });
}

/** A URL Fastify cannot route (bad percent-encoding, an over-long path parameter): a 400 in the envelope. */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A path parameter is too long' : 'The URL is not valid';
  // Answered outside any route context, so the onSend hooks do not run: the headers go here.
  void reply
    .code(400)
    .headers({ ...securityHeadersFor(request.url), [REQUEST_ID_HEADER]: request.id })
    .send(envelopeOf(new GatewayError('BAD_REQUEST', message)));
}

/**
 * A request Node could not even parse (headers over the size cap, too slow, malformed):
 * answered on the socket, still in the envelope, then the connection is closed.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const gatewayError =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? new GatewayError('HEADERS_TOO_LARGE')
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new GatewayError('REQUEST_TIMEOUT')
        : new GatewayError('BAD_REQUEST', 'The request could not be parsed');
  const body = JSON.stringify(envelopeOf(gatewayError));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${gatewayError.status} ${STATUS_CODES[gatewayError.status]}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `x-content-type-options: nosniff\r\nconnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

function toGatewayError(error: FastifyError): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error.validation) {
    return new GatewayError('BAD_REQUEST', validationMessage(error));
  }
  const status = error.statusCode ?? 500;
  if (status === 413) return new GatewayError('PAYLOAD_TOO_LARGE');
  if (status === 429) return new GatewayError('RATE_LIMITED', error.message);
  if (status === 401) return new GatewayError('UNAUTHORIZED');
  if (status >= 400 && status < 500) return new GatewayError('BAD_REQUEST', safeClientMessage(error));
  return new GatewayError('INTERNAL' satisfies ErrorCode);
}

function validationMessage(error: FastifyError): string {
  const first = error.validation?.[0];
  if (!first) return 'The request is not valid';
  const where = error.validationContext ?? 'request';
  const field = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (first.keyword === 'additionalProperties') {
    const extra = (first.params as { additionalProperty?: string }).additionalProperty;
    return `${where} parameter ${extra} is not supported`;
  }
  return `${where}${field ? ` ${field}` : ''} ${first.message ?? 'is not valid'}`;
}

function safeClientMessage(error: FastifyError): string {
  return error.code?.startsWith('FST_') ? error.message.slice(0, 200) : 'The request is not valid';
}
