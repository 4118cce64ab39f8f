// Where a worker thread's entry file is: searched upwards from the module that starts it, because
// that module sits in search/ or db/ in development and inside build/ once built, while the entry (an
// .mjs) stays where it is in the source tree.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export function findThreadEntry(entry: string, fromUrl: string): string {
  const here = fileURLToPath(fromUrl)
  for (let dir = path.dirname(here); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, entry)
    if (fs.existsSync(candidate)) return candidate
    if (path.dirname(dir) === dir) throw new Error(`${entry} not found above ${here}`)
  }
}
