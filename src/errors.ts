/** Every error code the gateway answers with, in one table. */
export const ERROR_TABLE = {
  BAD_REQUEST: { status: 400, message: 'The request is not valid' },
  INVALID_CURSOR: { status: 400, message: 'The cursor is malformed or its signature does not match' },
  CURSOR_MISMATCH: { status: 400, message: 'The cursor was issued for another agent, caller or filter set' },
  CURSOR_EXPIRED: { status: 400, message: 'The cursor has expired; start the walk again' },
  UNAUTHORIZED: { status: 401, message: 'A valid bearer token is required' },
  INVALID_SIGNATURE: { status: 401, message: "The vendor event's signature is missing, wrong or stale" },
  FORBIDDEN: { status: 403, message: 'The caller may not read this agent' },
  AGENT_NOT_FOUND: { status: 404, message: 'No such agent' },
  CONVERSATION_NOT_FOUND: { status: 404, message: 'No such conversation of this agent' },
  NOT_FOUND: { status: 404, message: 'No such route' },
  WEBHOOK_NOT_FOUND: { status: 404, message: 'No such webhook subscription' },
  DELIVERY_NOT_FOUND: { status: 404, message: 'No such delivery of this webhook subscription' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request was not received in time' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request is too large' },
  RATE_LIMITED: { status: 429, message: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request headers are too large' },
  ALL_SOURCES_FAILED: { status: 502, message: 'Every source of the agent failed' },
  SOURCE_FAILED: { status: 502, message: 'A source failed and strict=true was asked' },
  NOT_READY: { status: 503, message: 'The gateway is starting or stopping' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_TABLE;

export class GatewayError extends Error {
  override name = 'GatewayError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_TABLE[code].message,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_TABLE[code].status;
  }
}

/** The one error envelope on the wire. */
export interface ErrorEnvelope {
  success: false;
  error: ErrorCode;
  message: string;
}

export function envelopeOf(error: GatewayError): ErrorEnvelope {
  return { success: false, error: error.code, message: error.message };
}
