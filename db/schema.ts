// The whole Peerdesk domain. snake_case columns, camelCase fields, integer timestamps in
// ms since epoch (lucia's session expiry is in seconds, as it wants).
import { sql } from 'drizzle-orm'
import {
  blob,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'

export const ROLES = ['member', 'staff', 'moderator', 'admin'] as const
export type Role = (typeof ROLES)[number]

export const THREAD_STATUSES = ['open', 'answered', 'resolved', 'closed', 'duplicate'] as const
export type ThreadStatus = (typeof THREAD_STATUSES)[number]

export const POST_TYPES = ['question', 'answer'] as const
export type PostType = (typeof POST_TYPES)[number]

const createdAt = () =>
  integer('created_at')
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`)

export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    handle: text('handle').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash'),
    displayName: text('display_name').notNull(),
    bio: text('bio').notNull().default(''),
    role: text('role', { enum: ROLES }).notNull().default('member'),
    // Cache of SUM(reputation_events.amount), moved in the same transaction as each event.
    reputation: integer('reputation').notNull().default(0),
    status: text('status', { enum: ['active', 'suspended', 'deleted'] })
      .notNull()
      .default('active'),
    suspendedUntil: integer('suspended_until'),
    /** Why a moderator suspended them: shown to them with the end date, and on every refusal. */
    suspensionReason: text('suspension_reason'),
    createdAt: createdAt(),
    lastSeenAt: integer('last_seen_at'),
  },
  (t) => [
    uniqueIndex('users_handle_unique').on(sql`lower(${t.handle})`),
    uniqueIndex('users_email_unique').on(t.email),
    index('users_reputation_idx').on(t.reputation),
    // The few who hold a role (/admin/users): a partial index, members are not in it.
    index('users_role_idx')
      .on(t.role)
      .where(sql`role != 'member'`),
    // Accounts waiting for a claim-link e-mail (app/models/claim-link-emails.server.ts): no
    // password and a real address (an importer's placeholder ends in .invalid).
    index('users_claimable_idx')
      .on(t.id)
      .where(sql`password_hash IS NULL AND status != 'deleted' AND email NOT LIKE '%.invalid'`),
  ],
)

export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: integer('expires_at').notNull(), // seconds, as lucia wants
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
)

export const questions = sqliteTable(
  'questions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    title: text('title').notNull(),
    slug: text('slug').notNull(),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** A hash of the whitespace-normalized body: "the same text twice in 24 hours" is an index look-up. */
    bodyFingerprint: text('body_fingerprint'),
    // Plain-text opening of the body for lists, feeds and meta descriptions.
    excerpt: text('excerpt').notNull().default(''),
    status: text('status', { enum: THREAD_STATUSES }).notNull().default('open'),
    score: integer('score').notNull().default(0),
    answerCount: integer('answer_count').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    viewCount: integer('view_count').notNull().default(0),
    acceptedAnswerId: integer('accepted_answer_id'),
    officialAnswerId: integer('official_answer_id'),
    // Moderation (a later issue fills these in).
    closedReason: text('closed_reason'),
    closedAt: integer('closed_at'),
    closedById: integer('closed_by_id').references(() => users.id),
    duplicateOfId: integer('duplicate_of_id'),
    lockedAt: integer('locked_at'),
    lockedById: integer('locked_by_id').references(() => users.id),
    /** Why a moderator locked it: the thread shows it, and every refused write says it. */
    lockReason: text('lock_reason'),
    deletedAt: integer('deleted_at'),
    deletedById: integer('deleted_by_id').references(() => users.id),
    /** Hidden by three spam/rude flags until a moderator decides (deleted_at is set with it). */
    hiddenAt: integer('hidden_at'),
    // Figures for the staff console: when the first answer and the resolution came.
    firstAnswerAt: integer('first_answer_at'),
    resolvedAt: integer('resolved_at'),
    /** When routing escalated the unanswered question to staff (the staff queue marks it). */
    escalatedAt: integer('escalated_at'),
    createdAt: createdAt(),
    editedAt: integer('edited_at'),
    lastEditorId: integer('last_editor_id').references(() => users.id),
    lastActivityAt: integer('last_activity_at').notNull(),
  },
  (t) => [
    index('questions_created_idx').on(t.createdAt),
    index('questions_activity_idx').on(t.lastActivityAt),
    index('questions_status_created_idx').on(t.status, t.createdAt),
    index('questions_author_idx').on(t.authorId),
    // Partial: posts from before the column (imported, seeded history) are not in it.
    index('questions_author_fingerprint_idx')
      .on(t.authorId, t.bodyFingerprint, t.createdAt)
      .where(sql`${t.bodyFingerprint} IS NOT NULL`),
    // A member's accepted and official answers (profile counts) without a scan of questions.
    index('questions_accepted_answer_idx').on(t.acceptedAnswerId),
    index('questions_official_answer_idx').on(t.officialAnswerId),
    // The lists' seeks (0008): each list's live rows in its own order, so a page is a range
    // read and skipping rows inside a day never touches the table.
    // Sort key and id first, the filter's columns after them: covering and in order, and never
    // a leading equality that would lure the planner away from better indexes elsewhere (the
    // lists name them with INDEXED BY).
    index('questions_live_created_idx')
      .on(t.createdAt, t.id, t.deletedAt)
      .where(sql`${t.deletedAt} IS NULL`),
    index('questions_live_activity_idx')
      .on(t.lastActivityAt, t.id, t.deletedAt)
      .where(sql`${t.deletedAt} IS NULL`),
    index('questions_unanswered_created_idx')
      .on(t.createdAt, t.id, t.status, t.answerCount, t.deletedAt)
      .where(sql`${t.deletedAt} IS NULL AND ${t.answerCount} = 0 AND ${t.status} = 'open'`),
    index('questions_resolved_created_idx')
      .on(t.createdAt, t.id, t.status, t.deletedAt)
      .where(sql`${t.deletedAt} IS NULL AND ${t.status} = 'resolved'`),
    // A member's own questions newest first (their profile).
    index('questions_author_live_created_idx')
      .on(t.authorId, t.createdAt, t.id, t.deletedAt)
      .where(sql`${t.deletedAt} IS NULL`),
    // The staff queue (/staff): live questions still waiting, oldest first; status and
    // escalated_at ride along so its filters stay inside the index.
    index('questions_waiting_created_idx')
      .on(t.createdAt, t.id, t.status, t.escalatedAt)
      .where(sql`${t.deletedAt} IS NULL AND ${t.status} IN ('open', 'answered')`),
    index('questions_escalated_created_idx')
      .on(t.createdAt, t.id, t.status)
      .where(
        sql`${t.deletedAt} IS NULL AND ${t.status} IN ('open', 'answered') AND ${t.escalatedAt} IS NOT NULL`,
      ),
    // The staff figures' answered and resolved per day (/staff/figures): a range of each time.
    index('questions_first_answer_idx')
      .on(t.firstAnswerAt)
      .where(sql`${t.deletedAt} IS NULL AND ${t.firstAnswerAt} IS NOT NULL`),
    index('questions_resolved_at_idx')
      .on(t.resolvedAt)
      .where(sql`${t.deletedAt} IS NULL AND ${t.resolvedAt} IS NOT NULL`),
    check(
      'questions_status_check',
      sql`${t.status} in ('open', 'answered', 'resolved', 'closed', 'duplicate')`,
    ),
  ],
)

export const answers = sqliteTable(
  'answers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    /** As questions.body_fingerprint. */
    bodyFingerprint: text('body_fingerprint'),
    score: integer('score').notNull().default(0),
    commentCount: integer('comment_count').notNull().default(0),
    deletedAt: integer('deleted_at'),
    deletedById: integer('deleted_by_id').references(() => users.id),
    /** Hidden by three spam/rude flags until a moderator decides (deleted_at is set with it). */
    hiddenAt: integer('hidden_at'),
    createdAt: createdAt(),
    editedAt: integer('edited_at'),
    lastEditorId: integer('last_editor_id').references(() => users.id),
  },
  (t) => [
    index('answers_question_idx').on(t.questionId),
    index('answers_author_idx').on(t.authorId, t.createdAt),
    index('answers_author_fingerprint_idx')
      .on(t.authorId, t.bodyFingerprint, t.createdAt)
      .where(sql`${t.bodyFingerprint} IS NOT NULL`),
    // The staff figures' answers per expert over a period (/staff/figures).
    index('answers_created_idx').on(t.createdAt),
  ],
)

export const comments = sqliteTable(
  'comments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Every comment belongs to a thread; answerId is set when it is on an answer.
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    answerId: integer('answer_id').references(() => answers.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    deletedAt: integer('deleted_at'),
    createdAt: createdAt(),
    editedAt: integer('edited_at'),
  },
  (t) => [
    index('comments_question_idx').on(t.questionId),
    // Counting a person's comments (the Commentator badge, profiles).
    index('comments_author_idx').on(t.authorId),
  ],
)

export const votes = sqliteTable(
  'votes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    postType: text('post_type', { enum: POST_TYPES }).notNull(),
    postId: integer('post_id').notNull(),
    value: integer('value').notNull(), // +1 or -1
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('votes_user_post_unique').on(t.userId, t.postType, t.postId),
    index('votes_post_idx').on(t.postType, t.postId),
    // The daily vote cap (a voter's votes today) and the targeted-voting job (the last week).
    index('votes_user_created_idx').on(t.userId, t.createdAt),
    index('votes_created_idx').on(t.createdAt),
    check('votes_value_check', sql`${t.value} in (1, -1)`),
  ],
)

export const tags = sqliteTable(
  'tags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull().unique(),
    description: text('description').notNull().default(''),
    questionCount: integer('question_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    // /tags by popularity and by name (0008): only the tags in use, already in order.
    index('tags_popular_idx')
      .on(sql`${t.questionCount} DESC`, t.name)
      .where(sql`${t.questionCount} > 0`),
    index('tags_listed_name_idx')
      .on(t.name)
      .where(sql`${t.questionCount} > 0`),
  ],
)

/**
 * How many live questions each list shows, so a list's page count costs one row, not a count
 * over the whole community. Scopes: `all`, `unanswered`, `resolved`, and the same per tag
 * (`tag:ID`, `tag:ID:unanswered`, `tag:ID:resolved`). Kept by SQL triggers on questions and
 * question_tags (migration 0005), so every write path keeps them right.
 */
export const questionCounts = sqliteTable('question_counts', {
  scope: text('scope').primaryKey(),
  n: integer('n').notNull().default(0),
})

export const questionTags = sqliteTable(
  'question_tags',
  {
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id),
    /** The question's own createdAt, copied so a tag's newest questions come off one index. */
    questionCreatedAt: integer('question_created_at').notNull().default(0),
    /** The question's lastActivityAt, copied (by triggers, 0008) for a tag's active tab. */
    questionActivityAt: integer('question_activity_at').notNull().default(0),
    /**
     * Which of a tag's lists show the question, copied by triggers (0008): null while it is
     * deleted, else 'unanswered', 'resolved' or 'listed' (only in the tag's newest and active).
     */
    questionState: text('question_state', { enum: ['unanswered', 'resolved', 'listed'] }),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.tagId] }),
    index('question_tags_tag_idx').on(t.tagId),
    // A tag's lists (0008): live questions newest first, by activity, and per state; they
    // replace 0006's question_tags_tag_created_idx.
    // question_state last (or as an equality), so each index is covering and in order.
    index('question_tags_live_created_idx')
      .on(t.tagId, t.questionCreatedAt, t.questionId, t.questionState)
      .where(sql`${t.questionState} IS NOT NULL`),
    index('question_tags_live_activity_idx')
      .on(t.tagId, t.questionActivityAt, t.questionId, t.questionState)
      .where(sql`${t.questionState} IS NOT NULL`),
    index('question_tags_unanswered_created_idx')
      .on(t.tagId, t.questionState, t.questionCreatedAt, t.questionId)
      .where(sql`${t.questionState} = 'unanswered'`),
    index('question_tags_resolved_created_idx')
      .on(t.tagId, t.questionState, t.questionCreatedAt, t.questionId)
      .where(sql`${t.questionState} = 'resolved'`),
    // The staff queue of a tag: not resolved (closed and duplicate are skipped by the join).
    index('question_tags_waiting_created_idx')
      .on(t.tagId, t.questionCreatedAt, t.questionId, t.questionState)
      .where(sql`${t.questionState} IN ('unanswered', 'listed')`),
  ],
)

/**
 * How many live questions each list holds per UTC day of its sort key (day = ms / 86 400 000),
 * so page N finds the day its first row falls in from a few counter rows and seeks there,
 * instead of skipping (N-1)·size rows. Scopes as question_counts; sort 'newest' (created_at)
 * for every scope, 'active' (last_activity_at) for `all` and `tag:ID`, the lists that offer it.
 * Kept by SQL triggers on questions and question_tags (migration 0008); WITHOUT ROWID there.
 */
export const listBuckets = sqliteTable(
  'list_buckets',
  {
    scope: text('scope').notNull(),
    sort: text('sort', { enum: ['newest', 'active'] }).notNull(),
    day: integer('day').notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.scope, t.sort, t.day] })],
)

/**
 * Each member's answers per tag (live answers on live questions): how many, their score and
 * how many were accepted. Kept by triggers (0008) so a tag's top answerers and a member's top
 * tags are an index read, not an aggregate over every answer of the tag or the member.
 */
export const tagAnswerers = sqliteTable(
  'tag_answerers',
  {
    tagId: integer('tag_id').notNull(),
    userId: integer('user_id').notNull(),
    answers: integer('answers').notNull().default(0),
    score: integer('score').notNull().default(0),
    accepted: integer('accepted').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tagId, t.userId] }),
    index('tag_answerers_rank_idx').on(
      t.tagId,
      sql`${t.score} DESC`,
      sql`${t.answers} DESC`,
      t.userId,
    ),
    index('tag_answerers_user_idx').on(t.userId, sql`${t.answers} DESC`, sql`${t.score} DESC`),
  ],
)

/**
 * Live questions and their newest activity per sitemap file (question ids in runs of 50 000),
 * kept by triggers (0008) so the sitemap index reads a row per file. lastmod only moves
 * forward: a deletion changes the file too.
 */
export const sitemapChunks = sqliteTable('sitemap_chunks', {
  chunk: integer('chunk').primaryKey(),
  n: integer('n').notNull().default(0),
  lastmod: integer('lastmod').notNull().default(0),
})

export const REPUTATION_KINDS = [
  'question_upvoted',
  'answer_upvoted',
  'post_downvoted',
  'downvoted_answer',
  'answer_accepted',
  'accepted_answer',
  'answer_official',
  // The reputation a person brought from another community (the Stack Exchange importer):
  // one row per imported account, with no post behind it.
  'imported',
  'post_spam',
] as const
export type ReputationKind = (typeof REPUTATION_KINDS)[number]

// The reputation ledger. A reversal is a new row with the opposite amount pointing at the
// row it reverses; the reversed row gets reversed_at so it is not reversed twice.
export const reputationEvents = sqliteTable(
  'reputation_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    amount: integer('amount').notNull(),
    kind: text('kind', { enum: REPUTATION_KINDS }).notNull(),
    // The post behind the change; null only for 'imported' (reputation earned elsewhere).
    postType: text('post_type', { enum: POST_TYPES }),
    postId: integer('post_id'),
    questionId: integer('question_id'),
    actorId: integer('actor_id').references(() => users.id),
    reversalOfId: integer('reversal_of_id'),
    reversedAt: integer('reversed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('reputation_user_created_idx').on(t.userId, t.createdAt),
    index('reputation_post_idx').on(t.postType, t.postId),
  ],
)

/**
 * Reputation gained per member and UTC day (the sum of their ledger rows that day), kept by a
 * trigger on reputation_events (0008): a profile's chart reads the member's days, and the
 * leaderboards' windows subtract a day's rows when it leaves them.
 */
export const reputationDays = sqliteTable(
  'reputation_days',
  {
    userId: integer('user_id').notNull(),
    day: integer('day').notNull(),
    gained: integer('gained').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] }), index('reputation_days_day_idx').on(t.day)],
)

export const LEADERBOARD_WINDOWS = ['week', 'month'] as const

/**
 * The leaderboards of /experts: each member's reputation gained in the window's last `days`
 * UTC days up to `throughDay` (reputation_window_state), kept by triggers (0008). Adding a
 * ledger row adds it here; moving throughDay forward subtracts the days that left the window.
 */
export const reputationWindows = sqliteTable(
  'reputation_windows',
  {
    period: text('period', { enum: LEADERBOARD_WINDOWS }).notNull(),
    userId: integer('user_id').notNull(),
    gained: integer('gained').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.period, t.userId] }),
    index('reputation_windows_rank_idx').on(t.period, sql`${t.gained} DESC`, t.userId),
  ],
)

export const reputationWindowState = sqliteTable('reputation_window_state', {
  period: text('period', { enum: LEADERBOARD_WINDOWS }).primaryKey(),
  days: integer('days').notNull(),
  throughDay: integer('through_day').notNull(),
})

export const revisions = sqliteTable(
  'revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postType: text('post_type', { enum: POST_TYPES }).notNull(),
    postId: integer('post_id').notNull(),
    questionId: integer('question_id').notNull(),
    editorId: integer('editor_id')
      .notNull()
      .references(() => users.id),
    revision: integer('revision').notNull(),
    title: text('title'),
    bodyMd: text('body_md').notNull(),
    tags: text('tags'),
    summary: text('summary').notNull().default(''),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('revisions_post_revision_unique').on(t.postType, t.postId, t.revision)],
)

export const FLAG_REASONS = ['spam', 'rude', 'off_topic', 'needs_moderator'] as const
export type FlagReason = (typeof FLAG_REASONS)[number]

export const flags = sqliteTable(
  'flags',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    postType: text('post_type', { enum: POST_TYPES }).notNull(),
    postId: integer('post_id').notNull(),
    questionId: integer('question_id').notNull(),
    reporterId: integer('reporter_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason', { enum: FLAG_REASONS }).notNull(),
    details: text('details').notNull().default(''),
    status: text('status', { enum: ['pending', 'helpful', 'declined'] })
      .notNull()
      .default('pending'),
    handledById: integer('handled_by_id').references(() => users.id),
    handledAt: integer('handled_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('flags_status_idx').on(t.status, t.createdAt),
    // A post's flags (the hide threshold, the review queue's groups, a moderator's decision).
    index('flags_post_idx').on(t.postType, t.postId, t.status),
    uniqueIndex('flags_reporter_post_unique').on(t.reporterId, t.postType, t.postId),
  ],
)

// Why a question should be closed (app/lib/close-reasons.ts has the words people read).
export const CLOSE_REASONS = ['duplicate', 'off_topic', 'unclear', 'resolved_elsewhere'] as const
export type CloseReason = (typeof CLOSE_REASONS)[number]

// Community votes to close a question (app/models/close-votes.server.ts): one per person and
// question; the third closes it. They stay after the close as the record of who closed it;
// reopening the question deletes them (clearCloseVotes) so a new round starts from zero.
export const closeVotes = sqliteTable(
  'close_votes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    voterId: integer('voter_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason', { enum: CLOSE_REASONS }).notNull(),
    duplicateOfId: integer('duplicate_of_id').references(() => questions.id),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('close_votes_question_voter_unique').on(t.questionId, t.voterId),
    check(
      'close_votes_reason_check',
      sql`${t.reason} in ('duplicate', 'off_topic', 'unclear', 'resolved_elsewhere')`,
    ),
    // A duplicate vote names the original; no other reason does.
    check(
      'close_votes_duplicate_check',
      sql`(${t.reason} = 'duplicate') = (${t.duplicateOfId} is not null)`,
    ),
  ],
)

export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind').notNull(),
    actorId: integer('actor_id').references(() => users.id),
    questionId: integer('question_id'),
    answerId: integer('answer_id'),
    commentId: integer('comment_id'),
    // The badge slug of a 'badge_earned' notification (app/lib/badge-rules.ts).
    badge: text('badge'),
    readAt: integer('read_at'),
    createdAt: createdAt(),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.readAt, t.createdAt)],
)

// Badges earned (app/lib/badge-rules.ts names them): one row per person and badge, written in
// the transaction of the event that earned it; question/answer point at the post behind it.
export const userBadges = sqliteTable(
  'user_badges',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    badge: text('badge').notNull(),
    questionId: integer('question_id'),
    answerId: integer('answer_id'),
    awardedAt: integer('awarded_at').notNull(),
  },
  (t) => [
    uniqueIndex('user_badges_user_badge_unique').on(t.userId, t.badge),
    index('user_badges_badge_awarded_idx').on(t.badge, t.awardedAt),
  ],
)

export const VOTE_FRAUD_REASONS = ['burst', 'share'] as const
export type VoteFraudReason = (typeof VOTE_FRAUD_REASONS)[number]

// What the targeted-voting job reversed: one row per voter, target and reason per run. The
// votes themselves are deleted, so `votes` keeps them (JSON: postType, postId, value, votedAt).
export const voteFraudLog = sqliteTable(
  'vote_fraud_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    voterId: integer('voter_id')
      .notNull()
      .references(() => users.id),
    targetId: integer('target_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason', { enum: VOTE_FRAUD_REASONS }).notNull(),
    voteCount: integer('vote_count').notNull(),
    windowStart: integer('window_start').notNull(),
    windowEnd: integer('window_end').notNull(),
    /** Net reputation the reversal took from the target (what their votes had credited). */
    reputationReversed: integer('reputation_reversed').notNull(),
    votes: text('votes').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    // The job reads the reversals of the last week; moderators look a voter up.
    index('vote_fraud_log_window_idx').on(t.windowEnd),
    index('vote_fraud_log_voter_idx').on(t.voterId),
  ],
)

// The search outbox: written in the same transaction as the change; a worker drains it.
// Beside it, the FTS5 virtual table `search_fts` (title, body, answers, tags; rowid = question
// id) lives only in db/migrations/0001_search_fts.sql: drizzle has no virtual tables.
export const searchOutbox = sqliteTable(
  'search_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id').notNull(),
    createdAt: createdAt(),
    attempts: integer('attempts').notNull().default(0),
    availableAt: integer('available_at').notNull().default(0),
    processedAt: integer('processed_at'),
    lastError: text('last_error'),
  },
  (t) => [index('search_outbox_pending_idx').on(t.processedAt, t.availableAt)],
)

// "Resolved threads that may help" under each open question (search/related-lists.server.ts):
// computed off the request, after the writes that can change them, and stored. A list row with
// a due time is waiting to be (re)computed; its threads are read with their live titles.
export const relatedLists = sqliteTable(
  'related_lists',
  {
    questionId: integer('question_id').primaryKey(),
    computedAt: integer('computed_at'),
    dueAt: integer('due_at'),
    /** Counts the writes that made it due: a list computed meanwhile stays due. */
    version: integer('version').notNull().default(0),
  },
  (t) => [index('related_lists_due_idx').on(t.dueAt)],
)

export const relatedThreads = sqliteTable(
  'related_threads',
  {
    questionId: integer('question_id').notNull(),
    position: integer('position').notNull(),
    relatedId: integer('related_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.position] }),
    index('related_threads_related_idx').on(t.relatedId),
  ],
)

export const siteSettings = sqliteTable('site_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

// What the Stack Exchange importer made of each row of a dump (app/models/import.server.ts):
// source site + kind + the row's id there → the id here. A re-run skips what is mapped, and
// old /q/ID addresses of the site find their thread through it.
export const IMPORT_KINDS = ['user', 'question', 'answer', 'comment'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]

export const importMap = sqliteTable(
  'import_map',
  {
    /** The site the row came from, e.g. "cardano.stackexchange.com". */
    source: text('source').notNull(),
    kind: text('kind', { enum: IMPORT_KINDS }).notNull(),
    sourceId: integer('source_id').notNull(),
    targetId: integer('target_id').notNull(),
    /** The content licence the source names for the row (e.g. "CC BY-SA 4.0"), for attribution. */
    license: text('license'),
    importedAt: integer('imported_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.kind, t.sourceId] }),
    // "Where did this thread come from?" (attribution, old addresses).
    index('import_map_target_idx').on(t.kind, t.targetId),
    // /q/ID across every imported site.
    index('import_map_source_id_idx').on(t.kind, t.sourceId),
  ],
)

// One-time links with which an imported person claims their account (sets e-mail and
// password). Only a SHA-256 of the token is kept; a link is spent on use or when it expires.
export const claimTokens = sqliteTable(
  'claim_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [
    uniqueIndex('claim_tokens_hash_unique').on(t.tokenHash),
    index('claim_tokens_user_idx').on(t.userId),
  ],
)

/**
 * Each thread's sentence vector (search/vectors.ts): the title and the opening of the body encoded
 * by the sentence encoder, stored as int8 (512 bytes a thread), compared with the asker's text by
 * the similar-questions ranking. `vector` is null while the thread waits for its first encoding;
 * `due_at` is set when the text changed and the vector must be computed again.
 */
export const questionVectors = sqliteTable(
  'question_vectors',
  {
    questionId: integer('question_id').primaryKey(),
    /** Which encoder made `vector`: a vector of another model is due again. */
    model: text('model'),
    vector: blob('vector', { mode: 'buffer' }),
    computedAt: integer('computed_at'),
    dueAt: integer('due_at'),
    /** Counts the writes that made it due: a vector computed meanwhile stays due. */
    version: integer('version').notNull().default(0),
  },
  (t) => [index('question_vectors_due_idx').on(t.dueAt)],
)

export const MODERATION_ACTIONS = [
  'role-change',
  'hide',
  'dismiss-flags',
  'lock',
  'unlock',
  /** A moderator reopened a closed or duplicate question (before: how it was closed). */
  'reopen',
  'suspend',
  'unsuspend',
  'delete',
  'undelete',
  'rollback',
  /** An admin changed a site setting (reason: the key; before/after: its values). */
  'settings-change',
  /** A member deleted their own account (app/models/account-privacy.server.ts); no personal data. */
  'account-deleted',
] as const
export type ModerationAction = (typeof MODERATION_ACTIONS)[number]

/**
 * The moderation log: every moderator or admin action, who, when, what and why, with the state
 * before it (JSON) so it can be shown and undone. Rows are never edited but to mark them undone.
 */
export const moderationLog = sqliteTable(
  'moderation_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    action: text('action', { enum: MODERATION_ACTIONS }).notNull(),
    /** What was acted on: 'user', 'question', 'answer', 'comment', or 'site' (target id 0). */
    targetType: text('target_type', {
      enum: ['user', 'question', 'answer', 'comment', 'site'],
    }).notNull(),
    targetId: integer('target_id').notNull(),
    reason: text('reason').notNull().default(''),
    before: text('before', { mode: 'json' }).$type<Record<string, unknown>>(),
    after: text('after', { mode: 'json' }).$type<Record<string, unknown>>(),
    createdAt: createdAt(),
    undoneAt: integer('undone_at'),
  },
  (t) => [
    index('moderation_log_target_idx').on(t.targetType, t.targetId, t.id),
    index('moderation_log_actor_idx').on(t.actorId, t.id),
  ],
)

export const SELF_HELP_SOURCES = ['ask', 'search'] as const
export type SelfHelpSource = (typeof SELF_HELP_SOURCES)[number]

/**
 * One row each time someone leaves a page for a thread that may answer them (the ask page's
 * "may already answer it" list, through /go/similar/:id; /search results, through
 * /go/search/:id): the staff console's self-help deflection figure. No personal data:
 * session_id is a random id from a first-party cookie that lives 30 minutes, so the figure can
 * tell whether the same session went on to ask.
 */
export const selfHelpEvents = sqliteTable(
  'self_help_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    source: text('source', { enum: SELF_HELP_SOURCES }).notNull(),
    sessionId: text('session_id'),
    questionId: integer('question_id').notNull(),
    /** Set when the link was the answer preview's. */
    answerId: integer('answer_id'),
    /** Whether the thread was resolved when it was opened (the figure counts those). */
    resolved: integer('resolved', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    index('self_help_events_at_idx').on(t.at),
    index('self_help_events_session_idx').on(t.sessionId, t.at),
  ],
)

export const TIMELINE_KINDS = [
  /** Routing told experts of the question (detail.round, detail.userIds). */
  'routed',
  /** Unanswered at the first-response target: escalated to staff. */
  'escalated',
  /** A staff member said "I'm on it" (subject: who). */
  'claimed',
  'private-case-opened',
  'private-case-solved',
  /** Staff redacted personal data from a post (detail: post and what was found). */
  'redacted',
  'official-marked',
  'official-verified',
  'official-withdrawn',
] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

/**
 * A question's staff timeline (app/models/timeline.server.ts): every routing step, escalation,
 * claim, private case and official-answer step, in order. Staff read it on the thread; it is never
 * shown to members or visitors.
 */
export const questionTimeline = sqliteTable(
  'question_timeline',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    at: integer('at').notNull(),
    kind: text('kind', { enum: TIMELINE_KINDS }).notNull(),
    /** Who did it; null for the system (the routing schedule). */
    actorId: integer('actor_id').references(() => users.id),
    detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>(),
  },
  (t) => [index('question_timeline_question_idx').on(t.questionId, t.id)],
)

// ——— Staff queue (issue 13): "I'm on it" claims ———

/**
 * A staff member's "I'm on it" on a waiting question (app/models/staff-claims.server.ts): the
 * newest row of a question is its claim, live until released or 30 minutes after claimed_at
 * (longer when the claimant has answered since). Older rows are the claims' history.
 */
export const staffClaims = sqliteTable(
  'staff_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    claimedAt: integer('claimed_at').notNull(),
    releasedAt: integer('released_at'),
  },
  (t) => [index('staff_claims_question_idx').on(t.questionId, t.id)],
)

// ── E-mail (issue 13, the e-mail slice: app/models/email.server.ts) ──────────────────────────

export const EMAIL_CHOICES = ['immediate', 'digest', 'none'] as const
export type EmailChoice = (typeof EMAIL_CHOICES)[number]

/**
 * How a member wants their notifications by e-mail. No row: 'immediate' (the default). Only
 * sent when an admin has configured SMTP.
 */
export const emailPreferences = sqliteTable(
  'email_preferences',
  {
    userId: integer('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    choice: text('choice', { enum: EMAIL_CHOICES }).notNull(),
    /** The daily digest's mark: notifications after it were not in a digest yet. */
    lastDigestAt: integer('last_digest_at'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('email_preferences_digest_idx').on(t.choice, t.lastDigestAt)],
)

export const EMAIL_KINDS = [
  'notification',
  'digest',
  'claim-link',
  // Account mail (app/models/account-links.server.ts): sign-up and password reset.
  'signup-confirm',
  'signup-taken',
  'password-reset',
  'password-changed',
] as const
export type EmailKind = (typeof EMAIL_KINDS)[number]

/**
 * The durable outbox of e-mail: written in the transaction of what it tells about, sent by the
 * delivery job on the leading worker, retried with back-off until sent or given up.
 */
export const emailOutbox = sqliteTable(
  'email_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: EMAIL_KINDS }).notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** The RFC 8058 one-click unsubscribe URL (List-Unsubscribe); null for a claim link. */
    unsubscribeUrl: text('unsubscribe_url'),
    createdAt: integer('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    /** Set when the delivery job gave up after its last attempt. */
    failedAt: integer('failed_at'),
  },
  (t) => [
    index('email_outbox_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`sent_at IS NULL AND failed_at IS NULL`),
    // Privacy: a deleted account's mail goes with it (app/models/account-privacy.server.ts).
    index('email_outbox_user_idx').on(t.userId),
  ],
)

/** The key that signs unsubscribe links: made once, kept so links in old mail keep working. */
export const emailSigningKeys = sqliteTable('email_signing_keys', {
  id: integer('id').primaryKey(),
  secret: text('secret').notNull(),
  createdAt: integer('created_at').notNull(),
})

// ── Staff figures (issue 13, the figures slice: app/models/staff-figures.server.ts) ──────────

/**
 * A question posted by a self-help session (the anonymous cookie of /go/similar and /go/search
 * was sent with the ask): the deflection figure tells sessions that asked from those that did
 * not. Only the random session id and the question, nothing about the person.
 */
export const selfHelpAsks = sqliteTable(
  'self_help_asks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: text('session_id').notNull(),
    at: integer('at').notNull(),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
  },
  (t) => [index('self_help_asks_session_idx').on(t.sessionId, t.at)],
)

// ── Expert routing (issue 13, item 2: app/models/routing.server.ts) ─────────────────────────

/** The tags a citizen expert (or a staff member) chose to answer: routing asks them first. */
export const expertTags = sqliteTable(
  'expert_tags',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tagId: integer('tag_id')
      .notNull()
      .references(() => tags.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.tagId] }),
    // A question's tags → the experts who answer them (the routing rounds).
    index('expert_tags_tag_idx').on(t.tagId, t.userId),
  ],
)

export const ROUTING_STEPS = ['round-1', 'round-2', 'escalation'] as const
export type RoutingStepKind = (typeof ROUTING_STEPS)[number]
export const ROUTING_OUTCOMES = ['routed', 'escalated', 'dropped'] as const
export type RoutingOutcome = (typeof ROUTING_OUTCOMES)[number]

/**
 * A new question's routing schedule, written in the question's own transaction: round 1 at once,
 * round 2 at half the first-response target, escalation at the target. The job claims a due step
 * (taken_at) in the transaction that does it, so each step happens exactly once.
 */
export const routingSteps = sqliteTable(
  'routing_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    step: text('step', { enum: ROUTING_STEPS }).notNull(),
    dueAt: integer('due_at').notNull(),
    /** null while waiting; set by the job in the step's transaction. */
    takenAt: integer('taken_at'),
    outcome: text('outcome', { enum: ROUTING_OUTCOMES }),
    /** Why a step was dropped: answered, closed, deleted, routing off. */
    dropReason: text('drop_reason'),
  },
  (t) => [
    uniqueIndex('routing_steps_question_step_unique').on(t.questionId, t.step),
    // The job's look-up: the steps still waiting, soonest first.
    index('routing_steps_due_idx')
      .on(t.dueAt, t.id)
      .where(sql`taken_at IS NULL`),
  ],
)

/** Everyone routing told of a question (experts and staff): nobody is told twice. */
export const routingNotified = sqliteTable(
  'routing_notified',
  {
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    step: text('step', { enum: ROUTING_STEPS }).notNull(),
    notifiedAt: integer('notified_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.questionId, t.userId] }),
    // A deleted account's rows (app/models/account-privacy.server.ts).
    index('routing_notified_user_idx').on(t.userId),
  ],
)

// ── Official answers stay true (issue 13, item 4: app/models/official-answers.server.ts) ─────

/**
 * The official mark of a thread (one row a thread: its current mark): who marked it and when, an
 * optional product/version note, and its last verification (the mark, or staff's last confirm).
 * A table rather than columns on `questions`: the hot table stays as it is, and the re-verify
 * list reads this small table's own index (verified_at) instead of every question. The history
 * of marks, confirmations and withdrawals is the question's staff timeline. While the official
 * answer is deleted (deletion.server.ts clears and restores questions.official_answer_id) the
 * row waits: the list and the thread show a mark only when it names the thread's official answer.
 */
export const officialMarks = sqliteTable(
  'official_marks',
  {
    questionId: integer('question_id')
      .primaryKey()
      .references(() => questions.id),
    answerId: integer('answer_id')
      .notNull()
      .references(() => answers.id),
    /** null: marked before marks were recorded (0019 filled those in from the question). */
    markedBy: integer('marked_by').references(() => users.id),
    markedAt: integer('marked_at').notNull(),
    /** "Product or version note" (at most 120 characters; '' when none). */
    note: text('note').notNull().default(''),
    verifiedBy: integer('verified_by').references(() => users.id),
    verifiedAt: integer('verified_at').notNull(),
  },
  (t) => [index('official_marks_verified_idx').on(t.verifiedAt, t.questionId)],
)

/** Imported accounts sent their claim link by e-mail: one row each, so it never goes twice. */
export const claimLinkEmails = sqliteTable('claim_link_emails', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  queuedAt: integer('queued_at').notNull(),
})

// ——— Private cases and redaction (issue 13) ———

/**
 * A private case on a thread (app/models/private-cases.server.ts): a section of the thread page
 * only the asker and staff read. One a question; solving it closes it, opening it again reopens
 * it. Its messages live only here: nothing that indexes, caches or feeds threads reads them.
 */
export const privateCases = sqliteTable(
  'private_cases',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    openedById: integer('opened_by_id')
      .notNull()
      .references(() => users.id),
    openedAt: integer('opened_at').notNull(),
    solvedAt: integer('solved_at'),
    solvedById: integer('solved_by_id').references(() => users.id),
    /** The public answer staff posted when they solved it. */
    summaryAnswerId: integer('summary_answer_id').references(() => answers.id),
  },
  (t) => [uniqueIndex('private_cases_question_unique').on(t.questionId)],
)

export const privateCaseMessages = sqliteTable(
  'private_case_messages',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    caseId: integer('case_id')
      .notNull()
      .references(() => privateCases.id),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id),
    bodyMd: text('body_md').notNull(),
    bodyHtml: text('body_html').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('private_case_messages_case_idx').on(t.caseId, t.id)],
)

export const REDACTED_TARGETS = ['question', 'answer', 'comment', 'revision'] as const
export type RedactedTarget = (typeof REDACTED_TARGETS)[number]

/**
 * What a redaction replaced (app/models/redaction.server.ts): the original text of each field it
 * changed, of posts and of their stored revisions. Moderators only ever read it.
 */
export const redactedOriginals = sqliteTable(
  'redacted_originals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    questionId: integer('question_id')
      .notNull()
      .references(() => questions.id),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    at: integer('at').notNull(),
    target: text('target', { enum: REDACTED_TARGETS }).notNull(),
    targetId: integer('target_id').notNull(),
    field: text('field', { enum: ['title', 'body'] }).notNull(),
    original: text('original').notNull(),
  },
  (t) => [index('redacted_originals_question_idx').on(t.questionId, t.id)],
)

// ── Account links (issue 14: no account enumeration; app/models/account-links.server.ts) ─────

/**
 * A sign-up waiting for its address to be confirmed (only while the site sends e-mail): the
 * account is made when the link is opened. Only a SHA-256 of the link's token is stored.
 */
export const signupRequests = sqliteTable(
  'signup_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull(),
    handle: text('handle').notNull(),
    email: text('email').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Where the person was going when they signed up (a same-site path). */
    redirectTo: text('redirect_to'),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [
    uniqueIndex('signup_requests_hash_unique').on(t.tokenHash),
    index('signup_requests_expires_idx').on(t.expiresAt),
  ],
)

/** A one-time link to choose a new password, e-mailed on request (or printed by an admin). */
export const passwordResetTokens = sqliteTable(
  'password_reset_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    usedAt: integer('used_at'),
  },
  (t) => [
    uniqueIndex('password_reset_tokens_hash_unique').on(t.tokenHash),
    index('password_reset_tokens_user_idx').on(t.userId),
  ],
)

// ── Member counts (issue 10: a profile costs the same for the busiest member) ────────────────

/**
 * How many live questions and answers each member has, and how many of those answers are
 * accepted or official: the profile's figures, kept by triggers (migration 0025) so that no
 * page counts a member's posts. A member with no row has none.
 */
export const memberCounts = sqliteTable('member_counts', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id),
  questions: integer('questions').notNull().default(0),
  answers: integer('answers').notNull().default(0),
  accepted: integer('accepted').notNull().default(0),
  official: integer('official').notNull().default(0),
})

// ── Job runs (issue 10: a restart does not redo the day's community jobs) ──────────────────────

/**
 * When each scheduled job last finished (app/models/nightly-jobs.server.ts). A job runs when a
 * day has passed since then, not at every start: at 1 000 000 threads the badge recompute is a
 * minute of CPU, and a worker taking the lead would otherwise repeat it.
 */
export const jobRuns = sqliteTable('job_runs', {
  job: text('job').primaryKey(),
  finishedAt: integer('finished_at').notNull(),
})
