// Entry of the WAL checkpointer thread (wal-checkpointer.server.ts starts it): its own connection
// copies committed pages from the write-ahead log into the database file, PASSIVE (it never waits
// for readers or writers, and never holds the write lock). Plain JavaScript: nothing compiles
// a worker thread's entry, and this one needs no app module.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const { file, intervalMs } = workerData
const db = new Database(file)
db.pragma('busy_timeout = 0')

function checkpoint() {
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)')
    parentPort.postMessage({ log: result.log, checkpointed: result.checkpointed })
  } catch (error) {
    parentPort.postMessage({ error: String(error?.message ?? error) })
  }
}

const timer = setInterval(checkpoint, intervalMs)
parentPort.on('message', (message) => {
  if (message !== 'stop') return
  clearInterval(timer)
  checkpoint()
  db.close()
  parentPort.close()
})
