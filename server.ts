// The Peerdesk process: checks the environment, migrates, seeds the demo when the database is
// empty, then serves the Remix app behind security headers, compression and static files.
import crypto from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import { parseEnv, type Env } from '#app/lib/env.server.ts'

let config: Env
try {
  config = parseEnv()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

const DEV = process.argv.includes('--dev')
const root = path.dirname(fileURLToPath(import.meta.url))

const { db, closeDatabase } = await import('#db/client.server.ts')
const { runMigrations } = await import('#db/migrate.ts')
const { authenticate } = await import('#app/lib/auth.server.ts')
const { bodySizeProblem, isAllowedOrigin } = await import('#app/lib/request-guards.server.ts')
const { startSearch, stopSearch } = await import('#search/index.server.ts')
const { onThreadChanged } = await import('#search/outbox.server.ts')
const { PageCache } = await import('#app/lib/page-cache.server.ts')
const { pageCacheMiddleware } = await import('#app/lib/page-cache-middleware.server.ts')
const { SESSION_COOKIE_NAME } = await import('#app/lib/auth.server.ts')
const { closeLiveStreams } = await import('#app/lib/live-events.server.ts')

runMigrations(db)
console.log(`Database ready at ${config.DATABASE_PATH}`)

if (config.SEED_DEMO === 'auto') {
  const { formatLogins, isDatabaseEmpty, seedDemo } = await import('#db/seed/demo.ts')
  if (isDatabaseEmpty()) {
    console.log('Empty database: seeding the demo community…')
    const logins = await seedDemo()
    console.log(`\nDemo logins:\n${formatLogins(logins)}\n`)
  }
}

// Meilisearch (managed sidecar or MEILI_HOST) and the outbox worker; FTS5 answers meanwhile.
await startSearch()
// Targeted-voting reversal, then a badge recompute: now, and every 24 h.
await import('#app/models/vote-fraud.server.ts').then((jobs) => jobs.scheduleNightlyJobs())

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', config.TRUST_PROXY)

app.use((req, res, next) => {
  res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
  const tooBig = bodySizeProblem(
    req.method,
    req.headers['content-length'],
    req.headers['transfer-encoding'],
  )
  if (tooBig) {
    res.status(tooBig.status).type('text/plain').send(tooBig.message)
    return
  }
  const host = config.TRUST_PROXY
    ? (req.get('x-forwarded-host') ?? req.get('host'))
    : req.get('host')
  if (!isAllowedOrigin(req.method, req.get('origin'), host)) {
    res
      .status(403)
      .type('text/plain')
      .send('Cross-site request refused: the Origin header does not match this site.')
    return
  }
  next()
})

app.use(
  helmet({
    xPoweredBy: false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'strict-dynamic'",
          "'self'",
          (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`,
        ],
        styleSrc: DEV ? ["'self'", "'unsafe-inline'"] : ["'self'"],
        imgSrc: ["'self'", 'data:', 'https:'],
        connectSrc: DEV ? ["'self'", 'ws:'] : ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
  }),
)
app.use(
  compression({
    // Server-Sent Events (/resources/events) go out event by event, never held for gzip.
    filter: (req, res) =>
      !/^text\/event-stream/i.test(String(res.getHeader('Content-Type') ?? '')) &&
      compression.filter(req, res),
  }),
)

const viteDevServer = DEV
  ? await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  // Fingerprinted assets never change under their name: cache them for a year.
  app.use(
    '/assets',
    express.static(path.join(root, 'build/client/assets'), { immutable: true, maxAge: '1y' }),
  )
  app.use(express.static(path.join(root, 'build/client'), { maxAge: '1h' }))
}

// Logged-out readers of threads and lists get pages from memory; every thread change (the same
// events that feed the search outbox) drops that thread's page and the list pages.
const pageCache = new PageCache({ maxBytes: config.PAGE_CACHE_MB * 1024 * 1024 })
onThreadChanged((questionId) => pageCache.invalidateThread(questionId))
if (config.PAGE_CACHE_MB > 0 && !DEV) app.use(pageCacheMiddleware(pageCache, SESSION_COOKIE_NAME))

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(path.join(root, 'build/server/index.js'))) as ServerBuild)

const remixHandler = createRequestHandler({
  build,
  mode: DEV ? 'development' : 'production',
  getLoadContext: async (req, res) => {
    const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`
    const auth = await authenticate(
      new Request(url, { headers: { cookie: req.get('cookie') ?? '' } }),
    )
    if (auth.setCookie) res.append('Set-Cookie', auth.setCookie)
    return {
      user: auth.user,
      session: auth.session,
      cspNonce: res.locals.cspNonce as string,
      ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
    }
  },
})
app.all('*', (req, res, next) => {
  remixHandler(req, res, next).catch(next)
})

const server = app.listen(config.PORT, config.HOST, () => {
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : config.PORT
  console.log(`Peerdesk is listening on http://localhost:${port}`)
})

let stopping = false
function shutdown(signal: string) {
  if (stopping) return
  stopping = true
  console.log(`${signal} received: closing connections…`)
  closeLiveStreams() // open event streams would otherwise hold server.close() until the timeout
  server.close(async () => {
    await viteDevServer?.close()
    await stopSearch()
    closeDatabase()
    process.exit(0)
  })
  server.closeIdleConnections()
  setTimeout(() => server.closeIdleConnections(), 250).unref() // the event streams, once ended
  setTimeout(() => process.exit(0), 10_000).unref()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
