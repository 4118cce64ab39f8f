// The synthetic community behind `npm run seed -- --questions N` (and the generators the
// benchmark scripts share): a seeded PRNG, Zipf draws, a tag vocabulary, and one thread's worth
// of content and activity as plain data. Pure: no database, no clock. The same seed and index
// give the same thread, whichever batch it lands in; app/models/scale-seed.server.ts writes it.

// ---------------------------------------------------------------- a seeded PRNG

/** mulberry32: the same community and the same request sequences from the same seed. */
export function prng(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[int(items.length)] as T
  }
  return { next, int, pick, chance: (p: number) => next() < p }
}
export type Rng = ReturnType<typeof prng>

/** A seed for item `i` of stream `stream` under `seed` (so each thread has its own PRNG). */
export function subSeed(seed: number, stream: number, i: number) {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream + 1, 0xc2b2ae35)
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) ^ i
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b)
  return (h ^ (h >>> 16)) >>> 0
}

/** Ranks 0..n-1 drawn with P(rank k) ∝ 1/(k+1)^s, by binary search on the cumulative weights. */
export function zipfSampler(n: number, s: number) {
  const cdf = new Float64Array(n)
  let total = 0
  for (let k = 0; k < n; k++) {
    total += 1 / Math.pow(k + 1, s)
    cdf[k] = total
  }
  return (r: Rng) => {
    const u = r.next() * total
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid]! < u) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

export const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

// ---------------------------------------------------------------- tags

/** Tags of a made-up product support community, the most used first. */
export const TAG_VOCABULARY = [
  'billing',
  'login',
  'setup',
  'firmware',
  'wifi',
  'bluetooth',
  'mobile-app',
  'account',
  'subscription',
  'hardware',
  'battery',
  'api',
  'privacy',
  'security',
  'notifications',
  'installation',
  'refunds',
  'shipping',
  'warranty',
  'integrations',
  'performance',
  'sso',
]

const TAG_AREAS = [
  'router',
  'camera',
  'thermostat',
  'doorbell',
  'speaker',
  'hub',
  'sensor',
  'plug',
  'lock',
  'display',
  'app',
  'web',
  'desktop',
  'android',
  'ios',
  'cloud',
  'backup',
  'sync',
  'export',
  'import',
  'calendar',
  'email',
  'sms',
  'voice',
  'video',
  'audio',
  'storage',
  'network',
  'vpn',
  'dns',
  'mesh',
  'ethernet',
  'usb',
  'hdmi',
  'power',
  'charging',
  'pairing',
  'reset',
  'update',
]
const TAG_ASPECTS = [
  'setup',
  'errors',
  'offline',
  'slow',
  'pairing',
  'billing',
  'limits',
  'permissions',
  'sharing',
  'schedules',
  'alerts',
  'logs',
  'history',
  'settings',
  'reset',
  'compatibility',
  'migration',
]

/**
 * `size` distinct tag names, most used first: the vocabulary above, then area-aspect pairs
 * (router-offline), then numbered ones (router-v2) if ever needed.
 */
export function tagVocabulary(size: number): string[] {
  const out: string[] = TAG_VOCABULARY.slice(0, size)
  const seen = new Set(out)
  const add = (name: string) => {
    if (out.length < size && !seen.has(name)) {
      seen.add(name)
      out.push(name)
    }
  }
  for (const aspect of TAG_ASPECTS) for (const area of TAG_AREAS) add(`${area}-${aspect}`)
  for (let v = 2; out.length < size; v++) for (const area of TAG_AREAS) add(`${area}-v${v}`)
  return out
}

// ---------------------------------------------------------------- prose

const DEVICES = [
  'Nimbus Hub',
  'Nimbus Cam 2',
  'the thermostat',
  'the doorbell',
  'the mesh router',
  'the smart plug',
  'the Android app',
  'the iOS app',
  'the web dashboard',
  'the desktop client',
  'the speaker',
  'the door lock',
  'the motion sensor',
  'the display',
  'the bridge',
  'the range extender',
]
const THINGS = [
  'the firmware update',
  'two-factor login',
  'the monthly invoice',
  'Wi-Fi pairing',
  'the API token',
  'push notifications',
  'the family plan',
  'single sign-on',
  'the backup schedule',
  'guest access',
  'the refund request',
  'the shipping label',
  'the warranty claim',
  'night mode',
  'the webhook',
  'the export to CSV',
  'the calendar sync',
  'voice control',
  'geofencing',
  'the energy report',
  'automatic updates',
  'the device history',
  'the sharing link',
  'the trial',
  'the payment card',
]
const PROBLEMS = [
  'fails after the latest update',
  'stops working overnight',
  'keeps asking me to log in again',
  'shows the wrong time zone',
  'is stuck at 99%',
  'drops every few minutes',
  'charges me twice',
  'never arrives',
  'says "unknown error"',
  'is greyed out',
  'works on Wi-Fi but not on mobile data',
  'is much slower than before',
  'resets to defaults',
  'does not show up in the list',
  'times out behind a proxy',
  'reports the wrong battery level',
  'loses its schedule',
]
const GOALS = [
  'move my account to a new e-mail address',
  'share access with my partner',
  'export a year of data',
  'turn off the status light',
  'set up a second location',
  'get an invoice with my VAT number',
  'pair without the app',
  'use it with a static IP',
  'limit notifications to the evening',
  'cancel without losing my recordings',
  'connect it to Home Assistant',
  'roll back a firmware update',
]
const VERBS = [
  'restart',
  'unplug',
  'reinstall',
  'reset',
  'update',
  're-pair',
  'sign out of',
  'check',
]
const SETTINGS = [
  'Settings → Network',
  'Account → Billing',
  'Devices → Advanced',
  'Privacy → Sharing',
  'Notifications → Quiet hours',
  'Security → Sessions',
  'Integrations → Webhooks',
]
const ERRORS = [
  'E1042',
  'E2001',
  'TIMEOUT',
  'AUTH_EXPIRED',
  'NO_ROUTE',
  'DHCP_FAIL',
  'CERT_INVALID',
]

const TITLES: ((r: Rng) => string)[] = [
  (r) => `${cap(r.pick(THINGS))} ${r.pick(PROBLEMS)} on ${r.pick(DEVICES)}`,
  (r) => `How do I ${r.pick(GOALS)}?`,
  (r) => `Why does ${r.pick(THINGS)} ${r.pick(PROBLEMS).replace(/^is /, 'stay ')}?`,
  (r) => `${cap(r.pick(DEVICES))}: error ${r.pick(ERRORS)} when using ${r.pick(THINGS)}`,
  (r) => `Can I ${r.pick(GOALS)} from ${r.pick(DEVICES)}?`,
  (r) => `${cap(r.pick(THINGS))} after moving to ${r.pick(DEVICES)}`,
]

const QUESTION_SENTENCES: ((r: Rng) => string)[] = [
  (r) => `Since last week ${r.pick(THINGS)} ${r.pick(PROBLEMS)}.`,
  (r) => `I already tried to ${r.pick(VERBS)} ${r.pick(DEVICES)} twice.`,
  (r) => `The log shows ${r.pick(ERRORS)} right before it happens.`,
  (r) => `It happens on ${r.pick(DEVICES)} but not on ${r.pick(DEVICES)}.`,
  (r) => `Under ${r.pick(SETTINGS)} everything looks normal to me.`,
  (r) => `Is there a way to ${r.pick(GOALS)} without calling support?`,
  () => 'Any idea what else I could check?',
]
const ANSWER_SENTENCES: ((r: Rng) => string)[] = [
  (r) => `Go to ${r.pick(SETTINGS)} and ${r.pick(VERBS)} ${r.pick(THINGS)}.`,
  (r) => `That error (${r.pick(ERRORS)}) usually means ${r.pick(THINGS)} ${r.pick(PROBLEMS)}.`,
  (r) => `I had the same with ${r.pick(DEVICES)}; to ${r.pick(VERBS)} it fixed it for me.`,
  (r) => `Make sure ${r.pick(THINGS)} is on before you ${r.pick(VERBS)} ${r.pick(DEVICES)}.`,
  () => 'Support confirmed this is a known issue and a fix is rolling out.',
  (r) => `You can ${r.pick(GOALS)} from the web dashboard as well.`,
]
const COMMENT_TEXTS: ((r: Rng) => string)[] = [
  () => 'Thanks, that worked for me too.',
  (r) => `Which version of ${r.pick(DEVICES)} is this?`,
  (r) => `Did you try to ${r.pick(VERBS)} ${r.pick(THINGS)} first?`,
  (r) => `Same here since the update, also error ${r.pick(ERRORS)}.`,
  (r) => `Careful: this also resets ${r.pick(THINGS)}.`,
  (r) => `Edited to mention ${r.pick(SETTINGS)} as well.`,
]

function paragraph(r: Rng, sentences: ((r: Rng) => string)[]) {
  const roll = r.next()
  if (roll < 0.08) {
    return Array.from(
      { length: 2 + r.int(3) },
      (_, i) => `${i + 1}. ${cap(r.pick(VERBS))} ${r.pick(THINGS)}`,
    ).join('\n')
  }
  if (roll < 0.13) {
    const lines = Array.from(
      { length: 2 + r.int(3) },
      (_, i) =>
        `2025-0${1 + r.int(9)}-1${r.int(9)} 0${r.int(9)}:${10 + r.int(50)}:0${i} WARN ${r.pick(ERRORS)}`,
    )
    return ['```', ...lines, '```'].join('\n')
  }
  return Array.from({ length: 1 + r.int(3) }, () => r.pick(sentences)(r)).join(' ')
}

/**
 * Markdown paragraphs, each a block of its own (prose, a numbered list or a code fence), drawn
 * once per run: bodies are a few of them joined by blank lines, so each distinct paragraph is
 * rendered once and a body's HTML is its paragraphs' HTML joined (the test checks that this is
 * what rendering the whole body gives). Prose comes first in every body, so two lists never
 * touch.
 */
export interface ParagraphPools {
  question: string[]
  answer: string[]
  comment: string[]
}

export function paragraphPools(seed: number, size = 600): ParagraphPools {
  const r = prng(subSeed(seed, 1, 0))
  const unique = (make: () => string, n: number) => {
    const set = new Set<string>()
    for (let tries = 0; set.size < n && tries < n * 20; tries++) set.add(make())
    return [...set]
  }
  return {
    question: unique(() => paragraph(r, QUESTION_SENTENCES), size),
    answer: unique(() => paragraph(r, ANSWER_SENTENCES), size),
    comment: unique(() => r.pick(COMMENT_TEXTS)(r), Math.ceil(size / 3)),
  }
}

/** Whether a pooled paragraph is plain prose (may start a body, may sit between blocks). */
export const isProse = (p: string) => !/^(\d+\.|```)/.test(p)

// ---------------------------------------------------------------- the community's shape

export interface ScaleShape {
  questions: number
  users: number
  staff: number
  tags: number
  /** The moment the community is seeded "as of" (ms); its history fills the span before it. */
  now: number
  spanMs: number
  seed: number
}

/** The default "now": fixed, so the same flags make the same community. */
export const SCALE_DEFAULT_NOW = Date.UTC(2026, 0, 1)
export const SCALE_DEFAULT_SPAN_MS = 730 * 24 * 3600_000

/** How many members and tags a community of `questions` questions has. */
export function scaleShape(
  questions: number,
  options: { seed?: number; now?: number; users?: number; tags?: number } = {},
): ScaleShape {
  return {
    questions,
    users: options.users ?? Math.max(20, Math.ceil(questions / 4)),
    staff: Math.max(1, Math.min(10, Math.ceil(questions / 100_000))),
    tags: options.tags ?? Math.max(30, Math.min(5000, Math.round(5 * Math.sqrt(questions)))),
    now: options.now ?? SCALE_DEFAULT_NOW,
    spanMs: SCALE_DEFAULT_SPAN_MS,
    seed: options.seed ?? 1,
  }
}

/** The stated ratios (the README and the test quote them). */
export const SCALE_RATIOS = {
  /** P(0, 1, 2, 3, 4 answers): mean 1.49. */
  answers: [0.22, 0.3, 0.3, 0.13, 0.05],
  accepted: 0.45, // of questions with answers
  official: 0.08, // of questions with answers
  questionComment: 0.25, // a question gets one comment (and then a second at 0.3)
  answerComment: 0.2,
  /** Votes per post: 0…7, mean ≈ 1.75 for questions and 2.1 for answers; 85% up. */
  upShare: 0.85,
  /** Zipf exponents: who is active (members) and which tags are used. */
  userZipf: 1.05,
  tagZipf: 1.0,
} as const

export interface ScaleVote {
  voter: number
  up: boolean
  at: number
}
export interface ScaleComment {
  author: number
  body: number // index into pools.comment
  at: number
}
export interface ScaleAnswer {
  author: number
  body: number[] // indexes into pools.answer
  at: number
  votes: ScaleVote[]
  comments: ScaleComment[]
}
/** One thread: members are ranks 0…users-1 (rank 0 the most active), staff 0…staff-1. */
export interface ScaleThread {
  index: number
  author: number
  title: string
  body: number[] // indexes into pools.question
  tags: number[] // ranks in the tag vocabulary
  at: number
  votes: ScaleVote[]
  comments: ScaleComment[]
  answers: ScaleAnswer[]
  accepted: number | null // index into answers
  acceptedAt: number | null
  official: { answer: number; staff: number; at: number } | null
  lastActivityAt: number
}

export interface ScaleGenerator {
  shape: ScaleShape
  pools: ParagraphPools
  tagNames: string[]
  thread(index: number): ScaleThread
}

const MINUTE = 60_000

/** The generator of a community: thread(i) is the same for the same shape, in any order. */
export function scaleGenerator(shape: ScaleShape): ScaleGenerator {
  const pools = paragraphPools(shape.seed)
  const tagNames = tagVocabulary(shape.tags)
  const member = zipfSampler(shape.users, SCALE_RATIOS.userZipf)
  const tag = zipfSampler(shape.tags, SCALE_RATIOS.tagZipf)
  const t0 = shape.now - shape.spanMs
  const proseQ = pools.question.flatMap((p, i) => (isProse(p) ? [i] : []))
  const proseA = pools.answer.flatMap((p, i) => (isProse(p) ? [i] : []))

  const body = (r: Rng, pool: string[], prose: number[], max: number) => {
    const parts = [r.pick(prose)]
    const extra = r.int(max)
    for (let i = 0; i < extra; i++) {
      // A block (list, code) only after prose, so two lists never merge into one.
      const last = pool[parts[parts.length - 1]!]!
      parts.push(isProse(last) ? r.int(pool.length) : r.pick(prose))
    }
    return parts
  }
  const others = (r: Rng, exclude: number) => {
    let m = member(r)
    if (m === exclude) m = (m + 1 + r.int(shape.users - 1)) % shape.users
    return m
  }
  const voteList = (r: Rng, author: number, from: number, mean: number) => {
    const out: ScaleVote[] = []
    const seen = new Set<number>([author])
    const n = Math.min(7, Math.floor(-Math.log(1 - r.next()) * mean))
    for (let k = 0; k < n && seen.size < shape.users; k++) {
      const voter = others(r, author)
      if (seen.has(voter)) continue
      seen.add(voter)
      out.push({
        voter,
        up: r.chance(SCALE_RATIOS.upShare),
        at: from + (1 + r.int(7 * 24 * 60)) * MINUTE,
      })
    }
    return out
  }
  const commentList = (r: Rng, p: number, from: number): ScaleComment[] => {
    if (!r.chance(p)) return []
    const n = r.chance(0.3) ? 2 : 1
    return Array.from({ length: n }, (_, k) => ({
      author: member(r),
      body: r.int(pools.comment.length),
      at: from + (k + 1) * (10 + r.int(600)) * MINUTE,
    }))
  }

  return {
    shape,
    pools,
    tagNames,
    thread(index) {
      const r = prng(subSeed(shape.seed, 2, index))
      const at = t0 + Math.floor((shape.spanMs * index) / shape.questions) + r.int(30) * MINUTE
      const author = member(r)
      const tagCount = 1 + r.int(3)
      const tags: number[] = []
      for (let k = 0; tags.length < tagCount && k < 10; k++) {
        const t = tag(r)
        if (!tags.includes(t)) tags.push(t)
      }
      let roll = r.next()
      let answerCount = 0
      while (
        answerCount < SCALE_RATIOS.answers.length - 1 &&
        roll >= SCALE_RATIOS.answers[answerCount]!
      ) {
        roll -= SCALE_RATIOS.answers[answerCount]!
        answerCount++
      }
      const answers: ScaleAnswer[] = []
      for (let k = 0; k < answerCount; k++) {
        const aAt = at + (k + 1) * (5 + r.int(24 * 60)) * MINUTE
        answers.push({
          author: others(r, author),
          body: body(r, pools.answer, proseA, 3),
          at: aAt,
          votes: voteList(r, -1, aAt, 2.1),
          comments: commentList(r, SCALE_RATIOS.answerComment, aAt),
        })
      }
      // The answer's own author never votes on it.
      for (const a of answers) a.votes = a.votes.filter((v) => v.voter !== a.author)
      const accepted =
        answerCount > 0 && r.chance(SCALE_RATIOS.accepted) ? r.int(answerCount) : null
      const officialAnswer =
        answerCount > 0 && r.chance(SCALE_RATIOS.official) ? r.int(answerCount) : null
      const lastAnswerAt = answers.reduce((m, a) => Math.max(m, a.at), at)
      const official =
        officialAnswer == null
          ? null
          : {
              answer: officialAnswer,
              staff: r.int(shape.staff),
              at: lastAnswerAt + (60 + r.int(600)) * MINUTE,
            }
      const thread: ScaleThread = {
        index,
        author,
        title: r.pick(TITLES)(r).slice(0, 150),
        body: body(r, pools.question, proseQ, 4),
        tags,
        at,
        votes: voteList(r, author, at, 1.75),
        comments: commentList(r, SCALE_RATIOS.questionComment, at),
        answers,
        accepted,
        acceptedAt: null,
        official,
        lastActivityAt: at,
      }
      if (accepted != null) thread.acceptedAt = answers[accepted]!.at + (30 + r.int(600)) * MINUTE
      const commentTimes = [...thread.comments, ...answers.flatMap((a) => a.comments)].map(
        (c) => c.at,
      )
      thread.lastActivityAt = Math.max(
        at,
        lastAnswerAt,
        thread.acceptedAt ?? at,
        official?.at ?? at,
        ...commentTimes,
      )
      return thread
    },
  }
}
