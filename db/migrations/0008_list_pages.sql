-- Lists that cost the same in a community of a million threads as in one of ten thousand
-- (hand-written, as 0005/0006; the snapshot has the tables and indexes, not the triggers).
-- A day is a UTC day: ms since the epoch / 86 400 000.
--
-- 1. Deep pages. list_buckets counts each list's live questions per day of its sort key, so
-- page N reads a scope's day counts from the nearer end, finds the day holding row (N-1)·size
-- and seeks into that day on the list's own index (the partial indexes below), skipping only
-- the rows before it inside the day. A tag's lists come off question_tags, which now carries
-- a copy of what they sort and filter by (question_activity_at, question_state).
CREATE TABLE `list_buckets` (
	`scope` text NOT NULL,
	`sort` text NOT NULL,
	`day` integer NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`scope`, `sort`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
ALTER TABLE `question_tags` ADD `question_activity_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `question_tags` ADD `question_state` text;--> statement-breakpoint
UPDATE `question_tags` SET
  `question_created_at` = q.created_at,
  `question_activity_at` = q.last_activity_at,
  `question_state` = CASE WHEN q.deleted_at IS NOT NULL THEN NULL
    WHEN q.answer_count = 0 AND q.status = 'open' THEN 'unanswered'
    WHEN q.status = 'resolved' THEN 'resolved' ELSE 'listed' END
FROM `questions` q WHERE q.id = `question_tags`.`question_id`;--> statement-breakpoint
DROP INDEX `question_tags_tag_created_idx`;--> statement-breakpoint
CREATE INDEX `question_tags_live_created_idx` ON `question_tags` (`tag_id`,`question_created_at`,`question_id`,`question_state`) WHERE `question_state` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `question_tags_live_activity_idx` ON `question_tags` (`tag_id`,`question_activity_at`,`question_id`,`question_state`) WHERE `question_state` IS NOT NULL;--> statement-breakpoint
CREATE INDEX `question_tags_unanswered_created_idx` ON `question_tags` (`tag_id`,`question_state`,`question_created_at`,`question_id`) WHERE `question_state` = 'unanswered';--> statement-breakpoint
CREATE INDEX `question_tags_resolved_created_idx` ON `question_tags` (`tag_id`,`question_state`,`question_created_at`,`question_id`) WHERE `question_state` = 'resolved';--> statement-breakpoint
CREATE INDEX `questions_live_created_idx` ON `questions` (`created_at`,`id`,`deleted_at`) WHERE `deleted_at` IS NULL;--> statement-breakpoint
CREATE INDEX `questions_live_activity_idx` ON `questions` (`last_activity_at`,`id`,`deleted_at`) WHERE `deleted_at` IS NULL;--> statement-breakpoint
CREATE INDEX `questions_unanswered_created_idx` ON `questions` (`created_at`,`id`,`status`,`answer_count`,`deleted_at`) WHERE `deleted_at` IS NULL AND `answer_count` = 0 AND `status` = 'open';--> statement-breakpoint
CREATE INDEX `questions_resolved_created_idx` ON `questions` (`created_at`,`id`,`status`,`deleted_at`) WHERE `deleted_at` IS NULL AND `status` = 'resolved';--> statement-breakpoint
CREATE INDEX `questions_author_live_created_idx` ON `questions` (`author_id`,`created_at`,`id`,`deleted_at`) WHERE `deleted_at` IS NULL;--> statement-breakpoint
INSERT INTO `list_buckets` (`scope`, `sort`, `day`, `n`)
SELECT scope, sort, day, count(*) FROM (
  SELECT 'all' AS scope, 'newest' AS sort, created_at / 86400000 AS day FROM questions WHERE deleted_at IS NULL
  UNION ALL SELECT 'all', 'active', last_activity_at / 86400000 FROM questions WHERE deleted_at IS NULL
  UNION ALL SELECT 'unanswered', 'newest', created_at / 86400000 FROM questions
    WHERE deleted_at IS NULL AND answer_count = 0 AND status = 'open'
  UNION ALL SELECT 'resolved', 'newest', created_at / 86400000 FROM questions
    WHERE deleted_at IS NULL AND status = 'resolved'
  UNION ALL SELECT 'tag:' || tag_id, 'newest', question_created_at / 86400000 FROM question_tags
    WHERE question_state IS NOT NULL
  UNION ALL SELECT 'tag:' || tag_id, 'active', question_activity_at / 86400000 FROM question_tags
    WHERE question_state IS NOT NULL
  UNION ALL SELECT 'tag:' || tag_id || ':' || question_state, 'newest', question_created_at / 86400000
    FROM question_tags WHERE question_state IN ('unanswered', 'resolved')
) GROUP BY scope, sort, day;--> statement-breakpoint
-- The global lists follow the questions row; what a tag's lists need is copied onto its
-- question_tags rows, whose own triggers then move the tag's buckets. Both triggers fire only
-- when a list's membership or a day changes (the copy: whenever a sort key moves).
CREATE TRIGGER `list_buckets_question_insert` AFTER INSERT ON `questions`
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO list_buckets (scope, sort, day, n)
    SELECT scope, sort, day, 1 FROM (SELECT 'all' AS scope, 'newest' AS sort, NEW.created_at / 86400000 AS day
    UNION ALL SELECT 'all', 'active', NEW.last_activity_at / 86400000
    UNION ALL SELECT 'unanswered', 'newest', NEW.created_at / 86400000 WHERE NEW.answer_count = 0 AND NEW.status = 'open'
    UNION ALL SELECT 'resolved', 'newest', NEW.created_at / 86400000 WHERE NEW.status = 'resolved')
    WHERE true
    ON CONFLICT (scope, sort, day) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `list_buckets_question_update` AFTER UPDATE OF `status`, `answer_count`, `deleted_at`, `created_at`, `last_activity_at` ON `questions`
WHEN (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
  OR (NEW.deleted_at IS NULL AND (
    (OLD.answer_count = 0 AND OLD.status = 'open') IS NOT (NEW.answer_count = 0 AND NEW.status = 'open')
    OR (OLD.status = 'resolved') IS NOT (NEW.status = 'resolved')
    OR OLD.created_at / 86400000 IS NOT NEW.created_at / 86400000
    OR OLD.last_activity_at / 86400000 IS NOT NEW.last_activity_at / 86400000))
BEGIN
  INSERT INTO list_buckets (scope, sort, day, n)
    SELECT scope, sort, day, sum(d) FROM (
      SELECT -1 AS d, 'all' AS scope, 'newest' AS sort, OLD.created_at / 86400000 AS day WHERE OLD.deleted_at IS NULL
      UNION ALL SELECT -1, 'all', 'active', OLD.last_activity_at / 86400000 WHERE OLD.deleted_at IS NULL
      UNION ALL SELECT -1, 'unanswered', 'newest', OLD.created_at / 86400000
        WHERE OLD.deleted_at IS NULL AND OLD.answer_count = 0 AND OLD.status = 'open'
      UNION ALL SELECT -1, 'resolved', 'newest', OLD.created_at / 86400000
        WHERE OLD.deleted_at IS NULL AND OLD.status = 'resolved'
      UNION ALL SELECT 1, 'all', 'newest', NEW.created_at / 86400000 WHERE NEW.deleted_at IS NULL
      UNION ALL SELECT 1, 'all', 'active', NEW.last_activity_at / 86400000 WHERE NEW.deleted_at IS NULL
      UNION ALL SELECT 1, 'unanswered', 'newest', NEW.created_at / 86400000
        WHERE NEW.deleted_at IS NULL AND NEW.answer_count = 0 AND NEW.status = 'open'
      UNION ALL SELECT 1, 'resolved', 'newest', NEW.created_at / 86400000
        WHERE NEW.deleted_at IS NULL AND NEW.status = 'resolved')
    WHERE true GROUP BY scope, sort, day HAVING sum(d) <> 0
    ON CONFLICT (scope, sort, day) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `list_buckets_question_delete` AFTER DELETE ON `questions`
WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO list_buckets (scope, sort, day, n)
    SELECT scope, sort, day, -1 FROM (SELECT 'all' AS scope, 'newest' AS sort, OLD.created_at / 86400000 AS day
    UNION ALL SELECT 'all', 'active', OLD.last_activity_at / 86400000
    UNION ALL SELECT 'unanswered', 'newest', OLD.created_at / 86400000 WHERE OLD.answer_count = 0 AND OLD.status = 'open'
    UNION ALL SELECT 'resolved', 'newest', OLD.created_at / 86400000 WHERE OLD.status = 'resolved')
    WHERE true
    ON CONFLICT (scope, sort, day) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `question_tags_copy_question` AFTER UPDATE OF `status`, `answer_count`, `deleted_at`, `created_at`, `last_activity_at` ON `questions`
WHEN OLD.last_activity_at IS NOT NEW.last_activity_at OR OLD.created_at IS NOT NEW.created_at
  OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
  OR (OLD.answer_count = 0 AND OLD.status = 'open') IS NOT (NEW.answer_count = 0 AND NEW.status = 'open')
  OR (OLD.status = 'resolved') IS NOT (NEW.status = 'resolved')
BEGIN
  UPDATE question_tags SET question_created_at = NEW.created_at,
    question_activity_at = NEW.last_activity_at,
    question_state = CASE WHEN NEW.deleted_at IS NOT NULL THEN NULL
      WHEN NEW.answer_count = 0 AND NEW.status = 'open' THEN 'unanswered'
      WHEN NEW.status = 'resolved' THEN 'resolved' ELSE 'listed' END
  WHERE question_id = NEW.id;
END;
--> statement-breakpoint
-- A new question_tags row takes its copy from the question (writers need not know), which
-- counts it through the update trigger below; its defaults (state null) count nowhere.
CREATE TRIGGER `question_tags_copy_insert` AFTER INSERT ON `question_tags`
BEGIN
  UPDATE question_tags SET (question_created_at, question_activity_at, question_state) =
    (SELECT q.created_at, q.last_activity_at,
      CASE WHEN q.deleted_at IS NOT NULL THEN NULL
        WHEN q.answer_count = 0 AND q.status = 'open' THEN 'unanswered'
        WHEN q.status = 'resolved' THEN 'resolved' ELSE 'listed' END
     FROM questions q WHERE q.id = NEW.question_id)
  WHERE question_id = NEW.question_id AND tag_id = NEW.tag_id;
END;
--> statement-breakpoint
CREATE TRIGGER `list_buckets_tag_update` AFTER UPDATE OF `question_state`, `question_created_at`, `question_activity_at` ON `question_tags`
WHEN OLD.question_state IS NOT NEW.question_state
  OR (NEW.question_state IS NOT NULL AND (OLD.question_created_at / 86400000 IS NOT NEW.question_created_at / 86400000
    OR OLD.question_activity_at / 86400000 IS NOT NEW.question_activity_at / 86400000))
BEGIN
  INSERT INTO list_buckets (scope, sort, day, n)
    SELECT scope, sort, day, sum(d) FROM (
      SELECT -1 AS d, 'tag:' || OLD.tag_id AS scope, 'newest' AS sort, OLD.question_created_at / 86400000 AS day
        WHERE OLD.question_state IS NOT NULL
      UNION ALL SELECT -1, 'tag:' || OLD.tag_id, 'active', OLD.question_activity_at / 86400000
        WHERE OLD.question_state IS NOT NULL
      UNION ALL SELECT -1, 'tag:' || OLD.tag_id || ':' || OLD.question_state, 'newest', OLD.question_created_at / 86400000
        WHERE OLD.question_state IN ('unanswered', 'resolved')
      UNION ALL SELECT 1, 'tag:' || NEW.tag_id, 'newest', NEW.question_created_at / 86400000
        WHERE NEW.question_state IS NOT NULL
      UNION ALL SELECT 1, 'tag:' || NEW.tag_id, 'active', NEW.question_activity_at / 86400000
        WHERE NEW.question_state IS NOT NULL
      UNION ALL SELECT 1, 'tag:' || NEW.tag_id || ':' || NEW.question_state, 'newest', NEW.question_created_at / 86400000
        WHERE NEW.question_state IN ('unanswered', 'resolved'))
    WHERE true GROUP BY scope, sort, day HAVING sum(d) <> 0
    ON CONFLICT (scope, sort, day) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `list_buckets_tag_delete` AFTER DELETE ON `question_tags`
WHEN OLD.question_state IS NOT NULL
BEGIN
  INSERT INTO list_buckets (scope, sort, day, n)
    SELECT scope, sort, day, -1 FROM (SELECT 'tag:' || OLD.tag_id AS scope, 'newest' AS sort, OLD.question_created_at / 86400000 AS day
    UNION ALL SELECT 'tag:' || OLD.tag_id, 'active', OLD.question_activity_at / 86400000
    UNION ALL SELECT 'tag:' || OLD.tag_id || ':' || OLD.question_state, 'newest', OLD.question_created_at / 86400000
      WHERE OLD.question_state IN ('unanswered', 'resolved'))
    WHERE true
    ON CONFLICT (scope, sort, day) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- 2. A tag's top answerers and a member's top tags: answers per (tag, member), counting live
-- answers on live questions. Moved by answers (posted, deleted, scored), by a question's
-- deletion or accepted answer, and by a question's tags changing.
CREATE TABLE `tag_answerers` (
	`tag_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	`score` integer DEFAULT 0 NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`tag_id`, `user_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `tag_answerers_rank_idx` ON `tag_answerers` (`tag_id`,"score" DESC,"answers" DESC,`user_id`);--> statement-breakpoint
CREATE INDEX `tag_answerers_user_idx` ON `tag_answerers` (`user_id`,"answers" DESC,"score" DESC);--> statement-breakpoint
INSERT INTO `tag_answerers` (`tag_id`, `user_id`, `answers`, `score`, `accepted`)
SELECT qt.tag_id, a.author_id, count(*), sum(a.score), sum(q.accepted_answer_id IS a.id)
FROM answers a JOIN questions q ON q.id = a.question_id JOIN question_tags qt ON qt.question_id = q.id
WHERE a.deleted_at IS NULL AND q.deleted_at IS NULL
GROUP BY qt.tag_id, a.author_id;--> statement-breakpoint
CREATE TRIGGER `tag_answerers_answer_insert` AFTER INSERT ON `answers`
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO tag_answerers (tag_id, user_id, answers, score, accepted)
    SELECT qt.tag_id, NEW.author_id, 1, NEW.score, q.accepted_answer_id IS NEW.id
    FROM questions q JOIN question_tags qt ON qt.question_id = q.id
    WHERE q.id = NEW.question_id AND q.deleted_at IS NULL
    ON CONFLICT (tag_id, user_id) DO UPDATE SET answers = answers + excluded.answers,
      score = score + excluded.score, accepted = accepted + excluded.accepted;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_answerers_answer_update` AFTER UPDATE OF `score`, `deleted_at`, `author_id`, `question_id` ON `answers`
WHEN OLD.score IS NOT NEW.score OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
  OR OLD.author_id IS NOT NEW.author_id OR OLD.question_id IS NOT NEW.question_id
BEGIN
  INSERT INTO tag_answerers (tag_id, user_id, answers, score, accepted)
    SELECT tag_id, user_id, sum(answers), sum(score), sum(accepted) FROM (
      SELECT qt.tag_id, OLD.author_id AS user_id, -1 AS answers, -OLD.score AS score,
        -(q.accepted_answer_id IS OLD.id) AS accepted
      FROM questions q JOIN question_tags qt ON qt.question_id = q.id
      WHERE q.id = OLD.question_id AND q.deleted_at IS NULL AND OLD.deleted_at IS NULL
      UNION ALL SELECT qt.tag_id, NEW.author_id, 1, NEW.score, q.accepted_answer_id IS NEW.id
      FROM questions q JOIN question_tags qt ON qt.question_id = q.id
      WHERE q.id = NEW.question_id AND q.deleted_at IS NULL AND NEW.deleted_at IS NULL)
    WHERE true GROUP BY tag_id, user_id
    ON CONFLICT (tag_id, user_id) DO UPDATE SET answers = answers + excluded.answers,
      score = score + excluded.score, accepted = accepted + excluded.accepted;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_answerers_answer_delete` AFTER DELETE ON `answers`
WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO tag_answerers (tag_id, user_id, answers, score, accepted)
    SELECT qt.tag_id, OLD.author_id, -1, -OLD.score, -(q.accepted_answer_id IS OLD.id)
    FROM questions q JOIN question_tags qt ON qt.question_id = q.id
    WHERE q.id = OLD.question_id AND q.deleted_at IS NULL
    ON CONFLICT (tag_id, user_id) DO UPDATE SET answers = answers + excluded.answers,
      score = score + excluded.score, accepted = accepted + excluded.accepted;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_answerers_question_update` AFTER UPDATE OF `deleted_at`, `accepted_answer_id` ON `questions`
WHEN (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL) OR OLD.accepted_answer_id IS NOT NEW.accepted_answer_id
BEGIN
  INSERT INTO tag_answerers (tag_id, user_id, answers, score, accepted)
    SELECT qt.tag_id, a.author_id,
      sum((NEW.deleted_at IS NULL) - (OLD.deleted_at IS NULL)),
      sum(((NEW.deleted_at IS NULL) - (OLD.deleted_at IS NULL)) * a.score),
      sum((NEW.deleted_at IS NULL AND a.id IS NEW.accepted_answer_id) - (OLD.deleted_at IS NULL AND a.id IS OLD.accepted_answer_id))
    FROM answers a JOIN question_tags qt ON qt.question_id = a.question_id
    WHERE a.question_id = NEW.id AND a.deleted_at IS NULL
      AND ((OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL) OR a.id IN (OLD.accepted_answer_id, NEW.accepted_answer_id))
    GROUP BY qt.tag_id, a.author_id
    ON CONFLICT (tag_id, user_id) DO UPDATE SET answers = answers + excluded.answers,
      score = score + excluded.score, accepted = accepted + excluded.accepted;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_answerers_tag_insert` AFTER INSERT ON `question_tags`
BEGIN
  INSERT INTO tag_answerers (tag_id, user_id, answers, score, accepted)
    SELECT NEW.tag_id, a.author_id, count(*), sum(a.score), sum(q.accepted_answer_id IS a.id)
    FROM questions q JOIN answers a ON a.question_id = q.id
    WHERE q.id = NEW.question_id AND q.deleted_at IS NULL AND a.deleted_at IS NULL
    GROUP BY a.author_id
    ON CONFLICT (tag_id, user_id) DO UPDATE SET answers = answers + excluded.answers,
      score = score + excluded.score, accepted = accepted + excluded.accepted;
END;
--> statement-breakpoint
CREATE TRIGGER `tag_answerers_tag_delete` AFTER DELETE ON `question_tags`
BEGIN
  INSERT INTO tag_answerers (tag_id, user_id, answers, score, accepted)
    SELECT OLD.tag_id, a.author_id, -count(*), -sum(a.score), -sum(q.accepted_answer_id IS a.id)
    FROM questions q JOIN answers a ON a.question_id = q.id
    WHERE q.id = OLD.question_id AND q.deleted_at IS NULL AND a.deleted_at IS NULL
    GROUP BY a.author_id
    ON CONFLICT (tag_id, user_id) DO UPDATE SET answers = answers + excluded.answers,
      score = score + excluded.score, accepted = accepted + excluded.accepted;
END;
--> statement-breakpoint
-- 3. /experts' week and month: reputation per member and day, and per window. A ledger row
-- adds to its day and to each window that holds the day; a day the window moves past is
-- subtracted once, so a leaderboard is the top of an index.
CREATE TABLE `reputation_days` (
	`user_id` integer NOT NULL,
	`day` integer NOT NULL,
	`gained` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`user_id`, `day`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `reputation_days_day_idx` ON `reputation_days` (`day`);--> statement-breakpoint
CREATE TABLE `reputation_window_state` (
	`period` text PRIMARY KEY NOT NULL,
	`days` integer NOT NULL,
	`through_day` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reputation_windows` (
	`period` text NOT NULL,
	`user_id` integer NOT NULL,
	`gained` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`period`, `user_id`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE INDEX `reputation_windows_rank_idx` ON `reputation_windows` (`period`,"gained" DESC,`user_id`);--> statement-breakpoint
INSERT INTO `reputation_days` (`user_id`, `day`, `gained`)
SELECT user_id, created_at / 86400000, sum(amount) FROM reputation_events GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO `reputation_window_state` (`period`, `days`, `through_day`)
SELECT period, days, max(cast(unixepoch('subsec') * 1000 AS integer) / 86400000,
  coalesce((SELECT max(day) FROM reputation_days), 0))
FROM (SELECT 'week' AS period, 7 AS days UNION ALL SELECT 'month', 30);--> statement-breakpoint
INSERT INTO `reputation_windows` (`period`, `user_id`, `gained`)
SELECT s.period, d.user_id, sum(d.gained) FROM reputation_window_state s
JOIN reputation_days d ON d.day > s.through_day - s.days AND d.day <= s.through_day
GROUP BY s.period, d.user_id HAVING sum(d.gained) <> 0;--> statement-breakpoint
CREATE TRIGGER `reputation_days_insert` AFTER INSERT ON `reputation_events`
BEGIN
  INSERT INTO reputation_days (user_id, day, gained) VALUES (NEW.user_id, NEW.created_at / 86400000, NEW.amount)
    ON CONFLICT (user_id, day) DO UPDATE SET gained = gained + excluded.gained;
  UPDATE reputation_window_state SET through_day = NEW.created_at / 86400000
    WHERE through_day < NEW.created_at / 86400000;
  INSERT INTO reputation_windows (period, user_id, gained)
    SELECT period, NEW.user_id, NEW.amount FROM reputation_window_state
    WHERE NEW.created_at / 86400000 > through_day - days AND NEW.created_at / 86400000 <= through_day
    ON CONFLICT (period, user_id) DO UPDATE SET gained = gained + excluded.gained;
END;
--> statement-breakpoint
CREATE TRIGGER `reputation_windows_advance` AFTER UPDATE OF `through_day` ON `reputation_window_state`
WHEN NEW.through_day > OLD.through_day
BEGIN
  INSERT INTO reputation_windows (period, user_id, gained)
    SELECT NEW.period, user_id, -sum(gained) FROM reputation_days
    WHERE day > OLD.through_day - OLD.days AND day <= min(NEW.through_day - NEW.days, OLD.through_day)
    GROUP BY user_id
    ON CONFLICT (period, user_id) DO UPDATE SET gained = gained + excluded.gained;
  DELETE FROM reputation_windows WHERE period = NEW.period AND gained = 0;
END;
--> statement-breakpoint
-- 4. The sitemap index: live questions and newest activity per file of 50 000 ids.
CREATE TABLE `sitemap_chunks` (
	`chunk` integer PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`lastmod` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO `sitemap_chunks` (`chunk`, `n`, `lastmod`)
SELECT (id - 1) / 50000 + 1, count(*), max(last_activity_at) FROM questions
WHERE deleted_at IS NULL GROUP BY 1;--> statement-breakpoint
CREATE TRIGGER `sitemap_chunks_insert` AFTER INSERT ON `questions`
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO sitemap_chunks (chunk, n, lastmod) VALUES ((NEW.id - 1) / 50000 + 1, 1, NEW.last_activity_at)
    ON CONFLICT (chunk) DO UPDATE SET n = n + 1, lastmod = max(lastmod, excluded.lastmod);
END;
--> statement-breakpoint
CREATE TRIGGER `sitemap_chunks_update` AFTER UPDATE OF `deleted_at`, `last_activity_at` ON `questions`
WHEN (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
  OR (NEW.deleted_at IS NULL AND NEW.last_activity_at > OLD.last_activity_at)
BEGIN
  INSERT INTO sitemap_chunks (chunk, n, lastmod)
    VALUES ((NEW.id - 1) / 50000 + 1, (NEW.deleted_at IS NULL) - (OLD.deleted_at IS NULL),
      max(NEW.last_activity_at, coalesce(NEW.deleted_at, 0)))
    ON CONFLICT (chunk) DO UPDATE SET n = n + excluded.n, lastmod = max(lastmod, excluded.lastmod);
END;
--> statement-breakpoint
CREATE TRIGGER `sitemap_chunks_delete` AFTER DELETE ON `questions`
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE sitemap_chunks SET n = n - 1 WHERE chunk = (OLD.id - 1) / 50000 + 1;
END;
--> statement-breakpoint
-- 5. /tags: the tags in use, in both orders, and how many there are (question_counts `tags`).
CREATE INDEX `tags_popular_idx` ON `tags` ("question_count" DESC,`name`) WHERE `question_count` > 0;--> statement-breakpoint
CREATE INDEX `tags_listed_name_idx` ON `tags` (`name`) WHERE `question_count` > 0;--> statement-breakpoint
INSERT INTO `question_counts` (`scope`, `n`) SELECT 'tags', count(*) FROM tags WHERE question_count > 0
  ON CONFLICT (scope) DO UPDATE SET n = excluded.n;--> statement-breakpoint
CREATE TRIGGER `question_counts_tags_insert` AFTER INSERT ON `tags`
WHEN NEW.question_count > 0
BEGIN
  UPDATE question_counts SET n = n + 1 WHERE scope = 'tags';
END;
--> statement-breakpoint
CREATE TRIGGER `question_counts_tags_update` AFTER UPDATE OF `question_count` ON `tags`
WHEN (OLD.question_count > 0) IS NOT (NEW.question_count > 0)
BEGIN
  UPDATE question_counts SET n = n + (NEW.question_count > 0) - (OLD.question_count > 0) WHERE scope = 'tags';
END;
--> statement-breakpoint
CREATE TRIGGER `question_counts_tags_delete` AFTER DELETE ON `tags`
WHEN OLD.question_count > 0
BEGIN
  UPDATE question_counts SET n = n - 1 WHERE scope = 'tags';
END;
