import type { Dispatcher } from 'undici';

/** One HTTP exchange as it went over the wire, before anything is removed from it. */
export interface RawExchange {
  method: string;
  /** `https://host:port`. */
  origin: string;
  /** Path and query string. */
  path: string;
  requestBody?: string;
  status: number;
  responseText: string;
}

/**
 * An undici interceptor that hands every completed exchange to `record`, so the recorder
 * watches the one vendor client at work instead of making requests of its own. Headers,
 * where credentials travel, are never kept.
 */
export function recordingInterceptor(record: (exchange: RawExchange) => void): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (options, handler) => {
    const chunks: Buffer[] = [];
    let status = 0;
    return dispatch(options, {
      onRequestStart: (controller, context) => handler.onRequestStart?.(controller, context),
      onRequestUpgrade: (controller, statusCode, headers, socket) => handler.onRequestUpgrade?.(controller, statusCode, headers, socket),
      onResponseStart: (controller, statusCode, headers, statusMessage) => {
        status = statusCode;
        return handler.onResponseStart?.(controller, statusCode, headers, statusMessage);
      },
      onResponseData: (controller, chunk) => {
        chunks.push(chunk);
        return handler.onResponseData?.(controller, chunk);
      },
      onResponseEnd: (controller, trailers) => {
        record({
          method: options.method,
          origin: String(options.origin ?? ''),
          path: options.path,
          requestBody: typeof options.body === 'string' ? options.body : Buffer.isBuffer(options.body) ? options.body.toString('utf8') : undefined,
          status,
          responseText: Buffer.concat(chunks).toString('utf8'),
        });
        return handler.onResponseEnd?.(controller, trailers);
      },
      onResponseError: (controller, error) => handler.onResponseError?.(controller, error),
    });
  };
}
