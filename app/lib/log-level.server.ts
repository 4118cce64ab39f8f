// LOG_LEVEL: the app logs through console.*, so the levels below the chosen one are silenced
// there, once, when the server starts.
import type { Env } from './env.server.ts'

const LEVELS = ['error', 'warn', 'info', 'debug'] as const

export function applyLogLevel(level: Env['LOG_LEVEL']) {
  const rank = LEVELS.indexOf(level)
  const silent = () => {}
  if (rank < LEVELS.indexOf('debug')) console.debug = silent
  if (rank < LEVELS.indexOf('info')) console.info = console.log = silent
  if (rank < LEVELS.indexOf('warn')) console.warn = silent
}
