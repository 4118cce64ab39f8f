CREATE TABLE `question_counts` (
	`scope` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- The list counters of question_counts, kept by triggers so that every write path (the unit
-- of work, imports, seeds, a hand-run UPDATE) moves them in its own transaction. A question
-- counts while it is live (deleted_at IS NULL): in `all`, in `unanswered` while it is open with
-- no answer, in `resolved` while resolved, and in the same three scopes of each of its tags.
CREATE TRIGGER `question_counts_insert` AFTER INSERT ON `questions`
BEGIN
  INSERT INTO question_counts (scope, n)
    SELECT scope, 1 FROM (SELECT 'all' AS scope
    UNION ALL SELECT 'unanswered' WHERE NEW.answer_count = 0 AND NEW.status = 'open'
    UNION ALL SELECT 'resolved' WHERE NEW.status = 'resolved'
    UNION ALL SELECT 'tag:' || tag_id FROM question_tags WHERE question_id = NEW.id
    UNION ALL SELECT 'tag:' || tag_id || ':unanswered' FROM question_tags WHERE question_id = NEW.id AND NEW.answer_count = 0 AND NEW.status = 'open'
    UNION ALL SELECT 'tag:' || tag_id || ':resolved' FROM question_tags WHERE question_id = NEW.id AND NEW.status = 'resolved')
    WHERE NEW.deleted_at IS NULL
    ON CONFLICT (scope) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `question_counts_update` AFTER UPDATE OF `status`, `answer_count`, `deleted_at` ON `questions`
WHEN OLD.status IS NOT NEW.status OR OLD.answer_count IS NOT NEW.answer_count
  OR (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
BEGIN
  INSERT INTO question_counts (scope, n)
    SELECT scope, -1 FROM (SELECT 'all' AS scope
    UNION ALL SELECT 'unanswered' WHERE OLD.answer_count = 0 AND OLD.status = 'open'
    UNION ALL SELECT 'resolved' WHERE OLD.status = 'resolved'
    UNION ALL SELECT 'tag:' || tag_id FROM question_tags WHERE question_id = OLD.id
    UNION ALL SELECT 'tag:' || tag_id || ':unanswered' FROM question_tags WHERE question_id = OLD.id AND OLD.answer_count = 0 AND OLD.status = 'open'
    UNION ALL SELECT 'tag:' || tag_id || ':resolved' FROM question_tags WHERE question_id = OLD.id AND OLD.status = 'resolved')
    WHERE OLD.deleted_at IS NULL
    ON CONFLICT (scope) DO UPDATE SET n = n + excluded.n;
  INSERT INTO question_counts (scope, n)
    SELECT scope, 1 FROM (SELECT 'all' AS scope
    UNION ALL SELECT 'unanswered' WHERE NEW.answer_count = 0 AND NEW.status = 'open'
    UNION ALL SELECT 'resolved' WHERE NEW.status = 'resolved'
    UNION ALL SELECT 'tag:' || tag_id FROM question_tags WHERE question_id = NEW.id
    UNION ALL SELECT 'tag:' || tag_id || ':unanswered' FROM question_tags WHERE question_id = NEW.id AND NEW.answer_count = 0 AND NEW.status = 'open'
    UNION ALL SELECT 'tag:' || tag_id || ':resolved' FROM question_tags WHERE question_id = NEW.id AND NEW.status = 'resolved')
    WHERE NEW.deleted_at IS NULL
    ON CONFLICT (scope) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `question_counts_delete` AFTER DELETE ON `questions`
BEGIN
  INSERT INTO question_counts (scope, n)
    SELECT scope, -1 FROM (SELECT 'all' AS scope
    UNION ALL SELECT 'unanswered' WHERE OLD.answer_count = 0 AND OLD.status = 'open'
    UNION ALL SELECT 'resolved' WHERE OLD.status = 'resolved'
    UNION ALL SELECT 'tag:' || tag_id FROM question_tags WHERE question_id = OLD.id
    UNION ALL SELECT 'tag:' || tag_id || ':unanswered' FROM question_tags WHERE question_id = OLD.id AND OLD.answer_count = 0 AND OLD.status = 'open'
    UNION ALL SELECT 'tag:' || tag_id || ':resolved' FROM question_tags WHERE question_id = OLD.id AND OLD.status = 'resolved')
    WHERE OLD.deleted_at IS NULL
    ON CONFLICT (scope) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `question_counts_tag_insert` AFTER INSERT ON `question_tags`
BEGIN
  INSERT INTO question_counts (scope, n)
    SELECT scope, 1 FROM (SELECT 'tag:' || NEW.tag_id AS scope FROM questions q WHERE q.id = NEW.question_id AND q.deleted_at IS NULL
    UNION ALL SELECT 'tag:' || NEW.tag_id || ':unanswered' FROM questions q WHERE q.id = NEW.question_id AND q.deleted_at IS NULL AND q.answer_count = 0 AND q.status = 'open'
    UNION ALL SELECT 'tag:' || NEW.tag_id || ':resolved' FROM questions q WHERE q.id = NEW.question_id AND q.deleted_at IS NULL AND q.status = 'resolved')
    WHERE true
    ON CONFLICT (scope) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
CREATE TRIGGER `question_counts_tag_delete` AFTER DELETE ON `question_tags`
BEGIN
  INSERT INTO question_counts (scope, n)
    SELECT scope, -1 FROM (SELECT 'tag:' || OLD.tag_id AS scope FROM questions q WHERE q.id = OLD.question_id AND q.deleted_at IS NULL
    UNION ALL SELECT 'tag:' || OLD.tag_id || ':unanswered' FROM questions q WHERE q.id = OLD.question_id AND q.deleted_at IS NULL AND q.answer_count = 0 AND q.status = 'open'
    UNION ALL SELECT 'tag:' || OLD.tag_id || ':resolved' FROM questions q WHERE q.id = OLD.question_id AND q.deleted_at IS NULL AND q.status = 'resolved')
    WHERE true
    ON CONFLICT (scope) DO UPDATE SET n = n + excluded.n;
END;
--> statement-breakpoint
-- Backfill from the questions there are now.
INSERT INTO `question_counts` (`scope`, `n`)
SELECT scope, count(*) FROM (
  SELECT 'all' AS scope FROM questions WHERE deleted_at IS NULL
  UNION ALL SELECT 'unanswered' FROM questions
    WHERE deleted_at IS NULL AND answer_count = 0 AND status = 'open'
  UNION ALL SELECT 'resolved' FROM questions WHERE deleted_at IS NULL AND status = 'resolved'
  UNION ALL SELECT 'tag:' || qt.tag_id FROM question_tags qt
    JOIN questions q ON q.id = qt.question_id WHERE q.deleted_at IS NULL
  UNION ALL SELECT 'tag:' || qt.tag_id || ':unanswered' FROM question_tags qt
    JOIN questions q ON q.id = qt.question_id
    WHERE q.deleted_at IS NULL AND q.answer_count = 0 AND q.status = 'open'
  UNION ALL SELECT 'tag:' || qt.tag_id || ':resolved' FROM question_tags qt
    JOIN questions q ON q.id = qt.question_id WHERE q.deleted_at IS NULL AND q.status = 'resolved'
) GROUP BY scope;
