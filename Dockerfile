# The conversation gateway. No config: the sandbox (simulated vendors inside the container).
#   docker build -t conversation-gateway .
#   docker run --init --rm -p 8080:8080 conversation-gateway
# With a config: mount it and name it; secrets come from the environment (${NAME} in the file).
#   docker run --init --rm -p 8080:8080 -v "$PWD/gateway.yaml:/config/gateway.yaml:ro" \
#     -e GATEWAY_CONFIG=/config/gateway.yaml -e GATEWAY_JWT_SECRET -e GATEWAY_CURSOR_SECRET ... conversation-gateway
# The explorer page is built with the dev dependencies (esbuild, Preact) in a stage of its own;
# only its three files reach the image.
FROM node:20-bookworm-slim AS explorer
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --engine-strict --no-audit --no-fund
COPY tsconfig.json ./
COPY explorer ./explorer
COPY scripts/build-explorer.ts ./scripts/
RUN npm run build:explorer

FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a source change does not reinstall them. tsx is a runtime
# dependency: the gateway runs its TypeScript directly, as `npm start` does.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --engine-strict --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY adapters ./adapters
COPY specs ./specs
COPY --from=explorer /build/dist/explorer ./dist/explorer

# HOST and PORT override server.host / server.port of the config: inside a container the
# gateway must listen on every interface, and the health check must know the port.
ENV HOST=0.0.0.0 PORT=8080
EXPOSE 8080

USER node

# No curl in the slim image: node's own fetch asks /healthz.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# node directly (not npm) so SIGTERM reaches the gateway, which closes cleanly.
CMD ["node", "--import", "tsx", "src/cli.ts"]
