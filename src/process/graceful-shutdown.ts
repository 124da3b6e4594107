import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  /** In-flight requests get this long to finish: the request deadline plus `SHUTDOWN_GRACE_MS`. */
  requestDeadlineMs: number;
  /** `server.drainMs`: how long `/readyz` answers 503 while everything is still served, before the listener closes. */
  drainMs?: number;
  /** What else the process runs (the sandbox's simulators), closed after the app. */
  closeAlso?: () => Promise<void>;
  exit?: (code: number) => void;
}

/** Time to write an answer whose vendor calls ran to the deadline. */
export const SHUTDOWN_GRACE_MS = 5_000;

/** How often sockets that fell idle during shutdown are closed. */
const IDLE_SWEEP_MS = 100;

/**
 * SIGTERM and SIGINT first make `/readyz` answer 503 and, for `drainMs`, go on serving
 * every request, new connections included, so a load balancer checking readiness takes the
 * replica out of its rotation before anything is refused. Then they stop accepting
 * connections, let every request in flight finish within its deadline, and exit 0. Node
 * closes the keep-alive sockets that are idle when the server closes, but not the ones that
 * fall idle after their last answer, and those would hold the process until the client
 * hangs up: they are closed as they fall idle. Only when requests outlive their deadline
 * does the process cut them and exit 1.
 */
export function closeOnSignals(app: FastifyInstance, options: ShutdownOptions): void {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let closing = false;
  const close = async (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const drainMs = options.drainMs ?? 0;
    app.gateway.ready = false;
    if (drainMs > 0) {
      app.log.info({ signal, drainMs }, 'draining: /readyz answers 503, requests are still served');
      await new Promise((resolve) => setTimeout(resolve, drainMs));
    }
    app.log.info({ signal }, 'closing');
    const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS);
    const forced = setTimeout(() => {
      app.log.warn({ signal }, 'requests still in flight past their deadline; cutting them');
      app.server.closeAllConnections();
      exit(1);
    }, options.requestDeadlineMs + SHUTDOWN_GRACE_MS);
    forced.unref();
    try {
      await app.close();
      await options.closeAlso?.();
      app.log.info({ signal }, 'closed');
      exit(0);
    } catch (error) {
      app.log.error({ err: error }, 'shutdown failed');
      exit(1);
    } finally {
      clearInterval(sweep);
      clearTimeout(forced);
    }
  };
  process.on('SIGTERM', () => void close('SIGTERM'));
  process.on('SIGINT', () => void close('SIGINT'));
}
