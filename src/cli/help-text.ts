import { MIN_SECRET_LENGTH } from '../config/secret-strength.js';

/** `--help`. */
export function helpText(version: string): string {
  return `conversation-gateway ${version}: one endpoint for an agent's conversations across vendor platforms.

Usage:
  conversation-gateway [--config FILE] [--port N] [--host ADDRESS]
      Serve. With no config (and no GATEWAY_CONFIG), the sandbox: simulated vendors on
      loopback and tokens printed to try them. PORT and HOST override the config's server.
  conversation-gateway check-config FILE
      Run every check start-up runs (schema, secrets, adapters, bindings, and auth mode
      none against HOST or server.host), print a summary and exit: 0 when it can start
      the gateway, 2 with every problem listed when not.
  conversation-gateway token --role ROLE [--org ORG] [--department DEPT] [--sub SUBJECT]
                             [--ttl 1h] [--config FILE] [--private-key FILE]
      Print a bearer token for the configured auth: signed with auth.secret (HMAC), or with
      --private-key (PEM) when auth checks a public key or a JWKS. ROLE is SUPERADMIN,
      ADMIN, DEPARTMENT_HEAD (needs --department) or AGENT. The config's issuer and audience
      are added. Only the config's auth section is read: vendor credentials need not be set. --ttl takes seconds or 30m, 12h, 7d (default 1h).
  conversation-gateway --help | --version

Environment:
  GATEWAY_CONFIG       config file when --config is not given
  PORT, HOST           listen address, over the config's server block
  LOG_LEVEL            pino level (default info; warn in the sandbox)
  OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_SERVICE_NAME
                       send traces over OTLP/HTTP (also telemetry.otlp.url in the config)

HMAC secrets (auth.secret, cursor secrets) must be at least ${MIN_SECRET_LENGTH} characters.
Exit codes: 0 done, 1 failed, 2 bad configuration or command line.
`;
}
