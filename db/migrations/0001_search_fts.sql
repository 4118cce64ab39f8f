-- Full-text index of threads for the SQLite FTS5 search backend (search/sqlite-fts.server.ts):
-- the fallback when Meilisearch is down, slow or not configured, and the BM25 ranking behind
-- similar questions. One row per live thread, rowid = questions.id, plain text in each column.
-- search/outbox.server.ts keeps it current in the same transaction as every thread write.
CREATE VIRTUAL TABLE `search_fts` USING fts5(
  `title`,
  `body`,
  `answers`,
  `tags`,
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
);
--> statement-breakpoint
-- Backfill an existing database from the Markdown sources (close enough to plain text for
-- matching); the outbox rows below make the worker rewrite each row from the rendered HTML
-- and push every thread to Meilisearch.
INSERT INTO `search_fts` (`rowid`, `title`, `body`, `answers`, `tags`)
SELECT
  q.`id`,
  q.`title`,
  q.`body_md`,
  coalesce((
    SELECT group_concat(a.`body_md`, char(10) ORDER BY
      a.`id` = q.`official_answer_id` DESC,
      a.`id` = q.`accepted_answer_id` DESC,
      a.`score` DESC,
      a.`created_at`,
      a.`id`)
    FROM `answers` a
    WHERE a.`question_id` = q.`id` AND a.`deleted_at` IS NULL
  ), ''),
  coalesce((
    SELECT group_concat(t.`name`, ' ' ORDER BY t.`name`)
    FROM `question_tags` qt JOIN `tags` t ON t.`id` = qt.`tag_id`
    WHERE qt.`question_id` = q.`id`
  ), '')
FROM `questions` q
WHERE q.`deleted_at` IS NULL;
--> statement-breakpoint
INSERT INTO `search_outbox` (`question_id`, `created_at`, `available_at`)
SELECT `id`, cast(unixepoch('subsec') * 1000 as integer), 0
FROM `questions`
WHERE `deleted_at` IS NULL;
