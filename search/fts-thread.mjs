// Entry of an FTS5 look-up thread (fts-threads.server.ts starts it). A worker thread does not
// inherit the parent's `--import tsx`, so it registers tsx itself before loading the TypeScript
// module; plain JavaScript here because nothing can compile this file first.
import { register } from 'tsx/esm/api'

register()
await import('./fts-thread.server.ts')
