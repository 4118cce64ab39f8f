// zod 4 compiles object parsers with `new Function` when the page allows eval; it finds out by
// trying, which our Content-Security-Policy (no 'unsafe-eval') reports as a violation on every
// page. In the browser it parses without that: the forms' schemas are small. This module is the
// root route's first import, so it runs before any schema is built (the server keeps the JIT).
import { z } from 'zod'

if (typeof document !== 'undefined') z.config({ jitless: true })
