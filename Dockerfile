# The coordination-server as an image, from the self-contained bundle `npm run build` writes:
#
#   npm ci && npm run build
#   docker build -t agentcore/coordination-server .
#   docker run -p 8080:8080 -e COORDINATION_AUTH_TOKENS=... agentcore/coordination-server
#
# The bundle needs no node_modules, so the image is Node.js and one folder. It listens on
# 0.0.0.0 so that the container's port can be published: that makes it reachable from other
# machines, so turn authentication on (COORDINATION_AUTH_TOKENS or COORDINATION_AUTH_TOKENS_FILE,
# see docs/server.md); without tokens the server warns at start.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080

WORKDIR /app
COPY --chown=node:node dist/coordination-server/ /app/

# The image's own unprivileged user (uid 1000), never root.
USER node
EXPOSE 8080

# The slim image has no curl: ask /healthz with Node.js itself.
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# SIGTERM drains in-flight requests and exits within 5 s (docs/server.md, Running).
STOPSIGNAL SIGTERM
CMD ["node", "main.js"]
