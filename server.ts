// The Peerdesk process: loads the app's build, checks the environment, migrates, seeds the demo
// when the database is empty, then serves the Remix app behind security headers, compression
// and static files. Everything of the app's (database, search, page cache, sessions) comes out
// of the build itself (`entry.module.serverProcess`, app/lib/process.server.ts), so the process
// and the pages share one copy of each module.
// WEB_CONCURRENCY=N (default: one per core) runs N such processes as a node:cluster: this file
// then starts as the primary, which prepares the site and supervises the workers, and again in
// each worker, which serves. WEB_CONCURRENCY=1 (and --dev) serves from this one process.
import cluster from 'node:cluster'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import type * as ServerProcess from '#app/lib/process.server.ts'

const DEV = process.argv.includes('--dev')
// React, Express and Remix read NODE_ENV themselves, and `npm start` leaves it unset: then
// react-dom/server loads its development build (a fifth more of the event loop's CPU a thread
// page: 16.8 against 13.3 ms on a 10 000-thread community) and Express's error pages carry
// stack traces. The app's own default is production (app/lib/env.server.ts); the libraries get
// the same. Workers inherit it.
process.env.NODE_ENV ??= DEV ? 'development' : 'production'
const root = path.dirname(fileURLToPath(import.meta.url))
const serverBuildFile = path.join(root, 'build/server/index.js')

const viteDevServer = DEV
  ? await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))
  : undefined

async function loadBuild(): Promise<ServerBuild> {
  if (viteDevServer) {
    return (await viteDevServer.ssrLoadModule('virtual:remix/server-build')) as ServerBuild
  }
  if (!fs.existsSync(serverBuildFile)) {
    console.error(`No production build at ${serverBuildFile}: run \`npm run build\` first.`)
    process.exit(1)
  }
  return (await import(pathToFileURL(serverBuildFile).href)) as ServerBuild
}

const initialBuild = await loadBuild()
const app = (initialBuild.entry.module as unknown as { serverProcess: typeof ServerProcess })
  .serverProcess

let config: ServerProcess.Env
try {
  config = app.parseEnv()
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}

const workers = DEV ? 1 : app.workerCount(config)
if (cluster.isPrimary && workers > 1) {
  const stop = await app.runPrimary(config, root, workers)
  const shutdown = (signal: string) => {
    stop(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('Shutdown failed:', error)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
} else {
  await (app.isClusterWorker() ? app.startWorker(config) : app.startApp(config, root))
  serve()
}

type WithLocals = http.ServerResponse & { locals?: { cspNonce?: string } }

const NONCE_BYTES = 16
let noncePool = Buffer.alloc(0)
let noncePoolAt = 0

/**
 * A response's CSP nonce, 128 random bits, cut from one CSPRNG read per 1 024 responses: a read
 * per response (crypto.randomBytes(16)) was a tenth of a cache hit's time. Each is used once.
 */
function freshNonce() {
  if (noncePoolAt + NONCE_BYTES > noncePool.length) {
    noncePool = crypto.randomBytes(NONCE_BYTES * 1024)
    noncePoolAt = 0
  }
  noncePoolAt += NONCE_BYTES
  return noncePool.toString('base64', noncePoolAt - NONCE_BYTES, noncePoolAt)
}

/**
 * What `securityHeaders` (helmet) sets on a response, made once by helmet itself on a blank
 * response with a placeholder nonce: responses differ only in their nonce, so a cache hit sets
 * these, cut where the nonce goes, instead of running helmet's middlewares (and its CSP checks)
 * each time. Names keep helmet's spelling, in helmet's order.
 */
function securityHeaderTemplate(securityHeaders: ReturnType<typeof helmet>) {
  const placeholder = `nonce-placeholder-${crypto.randomUUID()}`
  const res: WithLocals = new http.ServerResponse(new http.IncomingMessage(new net.Socket()))
  res.locals = { cspNonce: placeholder }
  // Names as helmet spells them (getHeaderNames() lower-cases), by their lower-case key.
  const names = new Map<string, string>()
  const setHeader = res.setHeader.bind(res)
  res.setHeader = (name, value) => {
    names.set(name.toLowerCase(), name)
    return setHeader(name, value)
  }
  let done = false
  securityHeaders(res.req, res, (error?: unknown) => {
    if (error) throw error
    done = true
  })
  if (!done) throw new Error('helmet did not set its headers synchronously')
  return res.getHeaderNames().map((key) => {
    const value = res.getHeader(key)
    const text = Array.isArray(value) ? value.join(', ') : String(value)
    return { name: names.get(key) ?? key, pieces: text.split(placeholder) }
  })
}

function serve() {
  const server = express()
  server.disable('x-powered-by')
  server.set('trust proxy', config.TRUST_PROXY)

  /** A response's own CSP nonce: on its scripts and in its header, never shared with another. */
  const giveNonce = (res: WithLocals) => {
    const cspNonce = freshNonce()
    if (res.locals) res.locals.cspNonce = cspNonce
    else res.locals = { cspNonce }
    return cspNonce
  }
  /** What every request passes first: bodies over the limit or of a wrong type, cross-site writes. */
  const refusal = (req: http.IncomingMessage) => {
    const method = req.method ?? 'GET'
    const tooBig = app.bodySizeProblem(
      method,
      req.headers['content-length'],
      req.headers['transfer-encoding'],
    )
    if (tooBig) return tooBig
    const mistyped = app.bodyTypeProblem(
      method,
      req.headers['content-type'],
      req.headers['content-length'],
      req.headers['transfer-encoding'],
      req.url,
    )
    if (mistyped) return mistyped
    const forwarded = req.headers['x-forwarded-host']
    const forwardedHost = Array.isArray(forwarded) ? forwarded.join(', ') : forwarded
    const host = config.TRUST_PROXY ? (forwardedHost ?? req.headers.host) : req.headers.host
    return app.isAllowedOrigin(method, req.headers.origin, host, req.url)
      ? null
      : {
          status: 403,
          message: 'Cross-site request refused: the Origin header does not match this site.',
        }
  }
  const securityHeaders = helmet({
    xPoweredBy: false,
    referrerPolicy: { policy: 'same-origin' },
    crossOriginEmbedderPolicy: false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: [
          "'strict-dynamic'",
          "'self'",
          (_req, res) => `'nonce-${(res as WithLocals).locals?.cspNonce}'`,
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
  })
  const compress = compression({
    // Server-Sent Events (/resources/events) go out event by event, never held for gzip.
    filter: (req, res) =>
      !/^text\/event-stream/i.test(String(res.getHeader('Content-Type') ?? '')) &&
      compression.filter(req, res),
  })

  const securityHeaderPieces = securityHeaderTemplate(securityHeaders)

  server.use((req, res, next) => {
    giveNonce(res)
    const refused = refusal(req)
    if (refused) {
      res.status(refused.status).type('text/plain').send(refused.message)
      return
    }
    next()
  })
  server.use(securityHeaders)
  server.use(compress)

  if (viteDevServer) {
    server.use(viteDevServer.middlewares)
  } else {
    // Fingerprinted assets never change under their name: cache them for a year.
    server.use(
      '/assets',
      express.static(path.join(root, 'build/client/assets'), { immutable: true, maxAge: '1y' }),
    )
    server.use(express.static(path.join(root, 'build/client'), { maxAge: '1h' }))
  }

  // Logged-out readers of threads and lists get pages from memory; every committed thread write
  // drops that thread's page and the lists (app/models/subscribers.server.ts).
  const pageCache = DEV ? null : app.pageCache()
  if (pageCache) server.use(pageCache)

  const remixHandler = createRequestHandler({
    build: viteDevServer ? loadBuild : initialBuild,
    mode: DEV ? 'development' : 'production',
    getLoadContext: async (req, res) => {
      const url = `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`
      const auth = await app.authenticate(
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
  server.all('*', (req, res, next) => {
    remixHandler(req, res, next).catch(next)
  })

  /**
   * A logged-out hit is answered here, before Express and Remix, through the same nonce, guards,
   * security headers (securityHeaderTemplate) and compression as every response: Express's
   * per-request set-up cost more than the hit itself (issue 10). Everything else, and any hit
   * hitFor is unsure of, goes on to Express (tests/e2e/page-cache-fast-path.spec.ts holds the two paths' answers side by side).
   */
  const fastPath = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const cache = pageCache
    const page = cache && !refusal(req) ? cache.hitFor(req) : undefined
    if (!cache || !page) return false
    const nonce = giveNonce(res)
    for (const { name, pieces } of securityHeaderPieces) {
      res.setHeader(name, pieces.length === 1 ? pieces[0]! : pieces.join(nonce))
    }
    // compression is connect middleware: Express's typings, node:http's objects are enough.
    compress(req as express.Request, res as express.Response, () =>
      cache.sendHit(req, res, page, nonce),
    )
    return true
  }

  const listener = http.createServer((req, res) => {
    if (!fastPath(req, res)) server(req, res)
  })
  listener.listen(config.PORT, config.HOST, () => {
    const address = listener.address()
    const port = typeof address === 'object' && address ? address.port : config.PORT
    const who = app.isClusterWorker() ? `worker ${cluster.worker?.id} (pid ${process.pid}) ` : ''
    console.log(`Peerdesk ${who}is listening on http://localhost:${port}`)
  })

  let stopping = false
  function shutdown(signal: string) {
    if (stopping) return
    stopping = true
    console.log(`${signal} received: closing connections…`)
    app.closeLiveStreams() // open event streams would otherwise hold server.close() until the timeout
    listener.close(async () => {
      await viteDevServer?.close()
      await app.stopApp()
      process.exit(0)
    })
    listener.closeIdleConnections()
    setTimeout(() => listener.closeIdleConnections(), 250).unref()
    setTimeout(() => process.exit(0), 10_000).unref()
  }
  process.on('SIGTERM', () => shutdown('SIGTERM'))
  process.on('SIGINT', () => shutdown('SIGINT'))
}
