# Plan Tracker: the bot on Node 24 LTS (supported until April 2028), production dependencies only.
# The embedded table store is a development default: the image needs AZURE_TABLES_ENDPOINT (with a
# managed identity) or AZURE_TABLES_CONNECTION_STRING.

# Build: the TypeScript compiler is a development dependency.
FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY src ./src
COPY test ./test
RUN npm run build

# Run: compiled JavaScript, card templates and production dependencies; no compiler, no Azurite.
FROM node:24-slim
ENV NODE_ENV=production PORT=3978
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY bin ./bin
COPY cards ./cards
COPY data ./data
USER node
EXPOSE 3978
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3978)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--max-old-space-size=1024", "--max-semi-space-size=16", "dist/src/index.js"]
