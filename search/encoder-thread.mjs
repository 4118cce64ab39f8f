// Entry of the sentence-encoder thread (encoder-threads.server.ts starts it). Like fts-thread.mjs:
// a worker thread does not inherit the parent's `--import tsx`, so it registers tsx itself
// before loading the TypeScript module; plain JavaScript because nothing compiles this file.
import { register } from 'tsx/esm/api'

register()
await import('./encoder-thread.server.ts')
