# One image per service: docker build --build-arg SERVICE=detection -t landcase-detection .
# The build stage installs the workspace, bundles the service with esbuild (`pnpm build`) and lays
# out its production dependencies beside the bundle (infra/deploy.sh); the runtime stage holds only
# that: compiled JavaScript run by plain node, no TypeScript, no tsx, no dev dependency, no compiler.
# infra/deploy.e2e.test.ts runs the same two steps and starts the result with node.

FROM node:20-bookworm-slim AS build
# The compilers build better-sqlite3 when no prebuilt binary can be downloaded.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@9.15.9
WORKDIR /src
# Only the lockfile: this layer, with every package downloaded, is rebuilt only when the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile
ARG SERVICE
RUN test -n "$SERVICE" || (echo 'build with --build-arg SERVICE=<detection|enforcement|referral|remediation|audit>' >&2; exit 1)
RUN pnpm build "$SERVICE" && bash infra/deploy.sh "$SERVICE" /app

FROM node:20-bookworm-slim
# tini as PID 1 passes SIGTERM on to node, which stops its consumers and relay cleanly, and reaps.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && mkdir -p /var/lib/landcase/data /var/lib/landcase/keys \
  && chown -R node:node /var/lib/landcase
ARG SERVICE
ENV SERVICE=${SERVICE} \
  NODE_ENV=production \
  LANDCASE_HOST=0.0.0.0 \
  LANDCASE_PORT=8080 \
  LANDCASE_DATA_DIR=/var/lib/landcase/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:8080/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "dist/main.mjs"]
