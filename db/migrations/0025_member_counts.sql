-- A profile's figures without counting the member's posts (issue 10): live questions and answers per
-- member, and how many of those answers are accepted or official, kept by triggers on every write.
CREATE TABLE `member_counts` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`questions` integer DEFAULT 0 NOT NULL,
	`answers` integer DEFAULT 0 NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`official` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO member_counts (user_id, questions, answers, accepted, official)
SELECT user_id, sum(q), sum(a), sum(acc), sum(off) FROM (
  SELECT author_id AS user_id, 1 AS q, 0 AS a, 0 AS acc, 0 AS off FROM questions WHERE deleted_at IS NULL
  UNION ALL SELECT author_id, 0, 1, 0, 0 FROM answers WHERE deleted_at IS NULL
  UNION ALL SELECT a.author_id, 0, 0, 1, 0 FROM questions q JOIN answers a ON a.id = q.accepted_answer_id
    WHERE a.deleted_at IS NULL
  UNION ALL SELECT a.author_id, 0, 0, 0, 1 FROM questions q JOIN answers a ON a.id = q.official_answer_id
    WHERE a.deleted_at IS NULL
) GROUP BY user_id;
--> statement-breakpoint
CREATE TRIGGER `member_counts_question_insert` AFTER INSERT ON `questions`
BEGIN
  INSERT INTO member_counts (user_id, questions, answers, accepted, official)
  SELECT user_id, sum(q), 0, sum(acc), sum(off) FROM (
    SELECT NEW.author_id AS user_id, (NEW.deleted_at IS NULL) AS q, 0 AS acc, 0 AS off
    UNION ALL SELECT a.author_id, 0, 1, 0 FROM answers a
      WHERE a.id = NEW.accepted_answer_id AND a.deleted_at IS NULL
    UNION ALL SELECT a.author_id, 0, 0, 1 FROM answers a
      WHERE a.id = NEW.official_answer_id AND a.deleted_at IS NULL
  ) WHERE true GROUP BY user_id
  ON CONFLICT (user_id) DO UPDATE SET questions = questions + excluded.questions,
    answers = answers + excluded.answers, accepted = accepted + excluded.accepted,
    official = official + excluded.official;
END;
--> statement-breakpoint
CREATE TRIGGER `member_counts_question_update` AFTER UPDATE OF `deleted_at`, `author_id`, `accepted_answer_id`, `official_answer_id` ON `questions`
WHEN (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL) OR OLD.author_id IS NOT NEW.author_id
  OR OLD.accepted_answer_id IS NOT NEW.accepted_answer_id OR OLD.official_answer_id IS NOT NEW.official_answer_id
BEGIN
  INSERT INTO member_counts (user_id, questions, answers, accepted, official)
  SELECT user_id, sum(q), 0, sum(acc), sum(off) FROM (
    SELECT OLD.author_id AS user_id, -(OLD.deleted_at IS NULL) AS q, 0 AS acc, 0 AS off
    UNION ALL SELECT NEW.author_id, (NEW.deleted_at IS NULL), 0, 0
    UNION ALL SELECT a.author_id, 0, -1, 0 FROM answers a
      WHERE a.id = OLD.accepted_answer_id AND a.deleted_at IS NULL
    UNION ALL SELECT a.author_id, 0, 1, 0 FROM answers a
      WHERE a.id = NEW.accepted_answer_id AND a.deleted_at IS NULL
    UNION ALL SELECT a.author_id, 0, 0, -1 FROM answers a
      WHERE a.id = OLD.official_answer_id AND a.deleted_at IS NULL
    UNION ALL SELECT a.author_id, 0, 0, 1 FROM answers a
      WHERE a.id = NEW.official_answer_id AND a.deleted_at IS NULL
  ) WHERE true GROUP BY user_id
  ON CONFLICT (user_id) DO UPDATE SET questions = questions + excluded.questions,
    answers = answers + excluded.answers, accepted = accepted + excluded.accepted,
    official = official + excluded.official;
END;
--> statement-breakpoint
CREATE TRIGGER `member_counts_question_delete` AFTER DELETE ON `questions`
BEGIN
  INSERT INTO member_counts (user_id, questions, answers, accepted, official)
  SELECT user_id, sum(q), 0, sum(acc), sum(off) FROM (
    SELECT OLD.author_id AS user_id, -(OLD.deleted_at IS NULL) AS q, 0 AS acc, 0 AS off
    UNION ALL SELECT a.author_id, 0, -1, 0 FROM answers a
      WHERE a.id = OLD.accepted_answer_id AND a.deleted_at IS NULL
    UNION ALL SELECT a.author_id, 0, 0, -1 FROM answers a
      WHERE a.id = OLD.official_answer_id AND a.deleted_at IS NULL
  ) WHERE true GROUP BY user_id
  ON CONFLICT (user_id) DO UPDATE SET questions = questions + excluded.questions,
    answers = answers + excluded.answers, accepted = accepted + excluded.accepted,
    official = official + excluded.official;
END;
--> statement-breakpoint
CREATE TRIGGER `member_counts_answer_insert` AFTER INSERT ON `answers`
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO member_counts (user_id, questions, answers, accepted, official)
    VALUES (NEW.author_id, 0, 1, (SELECT count(*) FROM questions WHERE accepted_answer_id = NEW.id),
      (SELECT count(*) FROM questions WHERE official_answer_id = NEW.id))
  ON CONFLICT (user_id) DO UPDATE SET questions = questions + excluded.questions,
    answers = answers + excluded.answers, accepted = accepted + excluded.accepted,
    official = official + excluded.official;
END;
--> statement-breakpoint
CREATE TRIGGER `member_counts_answer_update` AFTER UPDATE OF `deleted_at`, `author_id` ON `answers`
WHEN (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL) OR OLD.author_id IS NOT NEW.author_id
BEGIN
  INSERT INTO member_counts (user_id, questions, answers, accepted, official)
  SELECT user_id, 0, sum(live), sum(live * acc), sum(live * off) FROM (
    SELECT OLD.author_id AS user_id, -(OLD.deleted_at IS NULL) AS live
    UNION ALL SELECT NEW.author_id, (NEW.deleted_at IS NULL)
  ) JOIN (SELECT (SELECT count(*) FROM questions WHERE accepted_answer_id = NEW.id) AS acc,
    (SELECT count(*) FROM questions WHERE official_answer_id = NEW.id) AS off)
  WHERE true GROUP BY user_id
  ON CONFLICT (user_id) DO UPDATE SET questions = questions + excluded.questions,
    answers = answers + excluded.answers, accepted = accepted + excluded.accepted,
    official = official + excluded.official;
END;
--> statement-breakpoint
CREATE TRIGGER `member_counts_answer_delete` AFTER DELETE ON `answers`
WHEN OLD.deleted_at IS NULL
BEGIN
  INSERT INTO member_counts (user_id, questions, answers, accepted, official)
    VALUES (OLD.author_id, 0, -1, -(SELECT count(*) FROM questions WHERE accepted_answer_id = OLD.id),
      -(SELECT count(*) FROM questions WHERE official_answer_id = OLD.id))
  ON CONFLICT (user_id) DO UPDATE SET questions = questions + excluded.questions,
    answers = answers + excluded.answers, accepted = accepted + excluded.accepted,
    official = official + excluded.official;
END;
