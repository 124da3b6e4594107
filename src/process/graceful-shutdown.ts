import type { FastifyInstance } from 'fastify';

export interface ShutdownOptions {
  /** In-flight requests get this long to finish: the request deadline plus `SHUTDOWN_GRACE_MS`. */
  requestDeadlineMs: number;
  /** `server.drainMs`: how long `/readyz` answers 503 while everything is still served, before the listener closes. */
  drainMs?: number;
  /** What else the process runs (the sandbox's simulators), closed after the app. */
  closeAlso?: () => Promise<void>;
  /** Exports still open: an export whose client stopped reading is cut at the drain's end without failing the shutdown. */
  exportsOpen?: () => number;
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
 * connections, let every request in flight finish within its deadline, and exit 0. Open
 * exports stop reading then and end with a trailer saying the shutdown cut them
 * (`app.ts`). Node closes the keep-alive sockets that are idle when the server closes, but
 * not the ones that fall idle after their last answer, and those would hold the process
 * until the client hangs up: they are closed as they fall idle. At the end of the drain
 * (the request deadline plus `SHUTDOWN_GRACE_MS`) what is left is cut: exports whose
 * clients stopped reading their trailer (exit 0), or requests that outlived their
 * deadline (exit 1).
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
      app.server.getConnections((_error, open) => {
        const exports = options.exportsOpen?.() ?? 0;
        const onlyExports = open <= exports;
        app.log.warn({ signal, connections: open, exports }, onlyExports ? 'exports whose clients stopped reading; cutting them' : 'requests still in flight past their deadline; cutting them');
        app.server.closeAllConnections();
        exit(onlyExports ? 0 : 1);
      });
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
