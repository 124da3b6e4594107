# The conversation gateway on the current Node LTS, compiled, production dependencies only.
# No config: the sandbox (simulated vendors inside the container).
#   docker build -t conversation-gateway .
#   docker run --rm -p 8080:8080 conversation-gateway
# With a config: mount it and name it; secrets come from the environment (${NAME} in the file).
#   docker run --rm -p 8080:8080 -v "$PWD/gateway.yaml:/config/gateway.yaml:ro" \
#     -e GATEWAY_CONFIG=/config/gateway.yaml -e GATEWAY_JWT_SECRET -e GATEWAY_CURSOR_SECRET ... conversation-gateway
# Check a config or mint a token with the same image:
#   docker run --rm -v "$PWD/gateway.yaml:/config/gateway.yaml:ro" -e ... conversation-gateway \
#     node dist/src/cli.js check-config /config/gateway.yaml
# Pinned to an exact release (the current LTS), so a rebuild runs what was tested.
ARG NODE_IMAGE=node:24.19.0-bookworm-slim

# 1. Compile: every dependency (TypeScript, esbuild, Preact included), then tsc to dist/ and
# the explorer page to dist/explorer/.
FROM ${NODE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY adapters ./adapters
COPY explorer ./explorer
COPY scripts/build-explorer.ts ./scripts/
RUN npm run build

# 2. Production dependencies only: no tsx, esbuild, TypeScript or test tools.
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /build
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. What runs: node, tini, the compiled gateway, its dependencies and the vendor specs
# (vendor responses are checked against them as they arrive).
FROM ${NODE_IMAGE}
# tini is PID 1: it forwards SIGTERM/SIGINT to the gateway (which then closes cleanly) and
# reaps zombies, so `docker run` needs no --init.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
COPY package.json ./
COPY --from=production-dependencies /build/node_modules ./node_modules
COPY --from=build /build/dist ./dist
COPY specs ./specs

# HOST and PORT override server.host / server.port of the config: inside a container the
# gateway must listen on every interface, and the health check must know the port.
ENV HOST=0.0.0.0 PORT=8080
EXPOSE 8080

USER node

# No curl in the slim image: node's own fetch asks /readyz (503 while starting or closing).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "dist/src/cli.js"]
