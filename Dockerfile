# One image per service: docker build --build-arg SERVICE=detection -t landcase-detection .
# The packages run as TypeScript source through tsx, so the image holds the workspace and its installed
# dependencies; the compilers needed to build better-sqlite3 stay in the build stage.

FROM node:20-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@9.15.9
WORKDIR /app
# Only the lockfile: this layer, with every package downloaded, is rebuilt only when the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml .npmrc ./
RUN pnpm fetch
COPY . .
RUN pnpm install --offline --frozen-lockfile

FROM node:20-bookworm-slim
# tini -g passes SIGTERM to the whole process group: pnpm does not pass it on to the service, which
# needs it to stop its consumers and relay cleanly.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/* \
  && npm install -g pnpm@9.15.9
ARG SERVICE
RUN test -n "$SERVICE" || (echo 'build with --build-arg SERVICE=<detection|enforcement|referral|remediation|audit>' >&2; exit 1)
ENV SERVICE=${SERVICE} \
  LANDCASE_HOST=0.0.0.0 \
  LANDCASE_PORT=8080 \
  LANDCASE_DATA_DIR=/app/data
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=6 \
  CMD node -e "fetch('http://127.0.0.1:8080/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "-g", "--"]
CMD ["sh", "-c", "exec pnpm --filter \"@landcase/${SERVICE}\" start"]
