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
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import helmet from 'helmet'
import type * as ServerProcess from '#app/lib/process.server.ts'

const DEV = process.argv.includes('--dev')
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

function serve() {
  const server = express()
  server.disable('x-powered-by')
  server.set('trust proxy', config.TRUST_PROXY)

  server.use((req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString('base64')
    const tooBig = app.bodySizeProblem(
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
    if (!app.isAllowedOrigin(req.method, req.get('origin'), host)) {
      res
        .status(403)
        .type('text/plain')
        .send('Cross-site request refused: the Origin header does not match this site.')
      return
    }
    next()
  })

  server.use(
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
  server.use(
    compression({
      // Server-Sent Events (/resources/events) go out event by event, never held for gzip.
      filter: (req, res) =>
        !/^text\/event-stream/i.test(String(res.getHeader('Content-Type') ?? '')) &&
        compression.filter(req, res),
    }),
  )

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

  const listener = server.listen(config.PORT, config.HOST, () => {
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
