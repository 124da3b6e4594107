import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { context, createContextKey, type Context, type Tracer } from '@opentelemetry/api';

/**
 * The request span's tracer travels in the active context, so the vendor client finds it
 * without being handed one: no tracer in the context means tracing is off and a vendor
 * call costs one map lookup.
 */
const TRACER_KEY = createContextKey('conversation-gateway tracer');

export function withTracer(parent: Context, tracer: Tracer): Context {
  return parent.setValue(TRACER_KEY, tracer);
}

export function activeTracer(): Tracer | undefined {
  return context.active().getValue(TRACER_KEY) as Tracer | undefined;
}

let contextManagerReady = false;

/**
 * Context follows `await` through AsyncLocalStorage. Installed once per process, and only
 * when some app traces; an app embedded next to another OpenTelemetry setup keeps that one.
 */
export function ensureContextManager(): void {
  if (contextManagerReady) return;
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  contextManagerReady = true;
}
