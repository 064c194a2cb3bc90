# syntax=docker/dockerfile:1
# Multi-stage build of every Pillar process (api, worker, migrate, simulator) from one image.
# Runs as the unprivileged `node` user; the root filesystem can be mounted read-only.

FROM node:22-slim AS base
ENV PNPM_HOME=/pnpm PATH=/pnpm:$PATH CI=true
RUN npm i -g pnpm@12.4.2
WORKDIR /app

FROM base AS deps
COPY pnpm-workspace.yaml package.json pnpm-lock.yaml prisma.config.ts ./
COPY prisma ./prisma
COPY apps/api/package.json apps/api/
COPY apps/worker/package.json apps/worker/
COPY apps/web/package.json apps/web/
COPY apps/aws-sim/package.json apps/aws-sim/
COPY packages/domain/package.json packages/domain/
COPY packages/db/package.json packages/db/
COPY packages/aws/package.json packages/aws/
COPY packages/config/package.json packages/config/
COPY packages/testkit/package.json packages/testkit/
COPY packages/identity/package.json packages/identity/
COPY apps/demo/package.json apps/demo/
RUN pnpm install --frozen-lockfile --ignore-scripts

FROM deps AS build
COPY . .
RUN pnpm run db:generate && pnpm --filter @pillar/web build

FROM base AS runtime
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/v1/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["pnpm", "--reporter=silent", "api"]
