# One image recipe for every Layerwise service: `--target web|collab|trainer|tools`.
FROM node:20-bookworm-slim AS deps
WORKDIR /repo
ENV NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
COPY package.json package-lock.json ./
COPY apps/web/package.json apps/web/
COPY apps/collab-server/package.json apps/collab-server/
COPY apps/trainer/package.json apps/trainer/
COPY packages/graph-core/package.json packages/graph-core/
COPY packages/model-doc/package.json packages/model-doc/
COPY packages/collab-store/package.json packages/collab-store/
COPY packages/model-summary/package.json packages/model-summary/
COPY packages/ui/package.json packages/ui/
COPY packages/protocol/package.json packages/protocol/
COPY packages/server-kit/package.json packages/server-kit/
COPY packages/storage/package.json packages/storage/
COPY prisma/package.json prisma/
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ARG NEXT_PUBLIC_COLLAB_URL=ws://localhost:1234
ENV NEXT_PUBLIC_COLLAB_URL=$NEXT_PUBLIC_COLLAB_URL
RUN npm run generate -w @layerwise/db \
 && npx turbo run build --filter=@layerwise/web --filter=@layerwise/collab-server --filter=@layerwise/trainer

# Migrations and seed (run once per deploy by the `migrate` compose service).
FROM build AS tools
CMD ["sh", "-c", "npm run db:migrate && npm run db:seed"]

FROM build AS web
ENV NODE_ENV=production PORT=3000
EXPOSE 3000
WORKDIR /repo/apps/web
CMD ["node", "../../node_modules/next/dist/bin/next", "start", "-p", "3000"]

FROM build AS collab
ENV NODE_ENV=production
EXPOSE 1234
WORKDIR /repo/apps/collab-server
CMD ["node", "dist/index.js"]

# The trainer needs Python and PyTorch (2.13, see apps/trainer/requirements.txt) next to Node. The
# CUDA wheels come from PyTorch's index (pick the CUDA build that matches the host's driver);
# for a CPU-only host build with --build-arg TORCH_INDEX=https://download.pytorch.org/whl/cpu
FROM build AS trainer
ARG TORCH_INDEX=https://download.pytorch.org/whl/cu128
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip python3-venv \
 && rm -rf /var/lib/apt/lists/* \
 && python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install --no-cache-dir --extra-index-url "$TORCH_INDEX" -r apps/trainer/requirements.txt
ENV NODE_ENV=production PYTHON=/opt/venv/bin/python PATH=/opt/venv/bin:$PATH
EXPOSE 3100
WORKDIR /repo/apps/trainer
CMD ["node", "dist/index.js"]
