import type { Tracer, TracerProvider } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { DEFAULT_SERVICE_NAME } from '../config/gateway-config.js';

export const TRACER_NAME = 'conversation-gateway';

/** Where traces go: an OTLP/HTTP traces endpoint, e.g. `http://collector:4318/v1/traces`. */
export interface TelemetrySettings {
  otlpUrl?: string;
  serviceName?: string;
}

export interface GatewayTracing {
  /** Undefined when tracing is off: nothing is recorded and no hook is installed. */
  tracer?: Tracer;
  /** Flushes spans not yet exported; called when the app closes. */
  shutdown(): Promise<void>;
}

/**
 * The config's `telemetry.otlp.url` wins, then the standard OpenTelemetry variables. A
 * traces endpoint is used as given; a base endpoint gets `/v1/traces`, as the spec says.
 */
export function telemetrySettingsFrom(configured: TelemetrySettings | undefined, env: NodeJS.ProcessEnv): TelemetrySettings {
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const otlpUrl =
    configured?.otlpUrl ?? env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  const serviceName = configured?.serviceName ?? env.OTEL_SERVICE_NAME;
  return { ...(otlpUrl ? { otlpUrl } : {}), ...(serviceName ? { serviceName } : {}) };
}

/** A provider handed in (tests: an in-memory exporter) wins; else OTLP when an endpoint is set; else off. */
export function createTracing(settings: TelemetrySettings, provider?: TracerProvider): GatewayTracing {
  if (provider) return { tracer: provider.getTracer(TRACER_NAME), shutdown: async () => {} };
  if (!settings.otlpUrl) return { shutdown: async () => {} };
  const exporting = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': settings.serviceName ?? DEFAULT_SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: settings.otlpUrl }))],
  });
  return { tracer: exporting.getTracer(TRACER_NAME), shutdown: () => exporting.shutdown() };
}
