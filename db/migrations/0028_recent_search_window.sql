-- The newest threads' own full-text index (search/sqlite-fts.server.ts, RECENT_WINDOW): the same
-- columns and tokenizer as search_fts, for the rows whose id is within the newest 10 000 question
-- ids. A similar-questions look-up whose every word is common ranks here: FTS5's bm25() counts
-- each word's threads by reading all its postings, which in search_fts grow with the community.
-- writeFtsRows keeps it current and slides it forward as questions are asked.
CREATE VIRTUAL TABLE `search_fts_recent` USING fts5(
  `title`,
  `body`,
  `answers`,
  `tags`,
  tokenize = 'porter unicode61 remove_diacritics 2',
  prefix = '2 3'
);
--> statement-breakpoint
INSERT INTO `search_fts_recent` (`rowid`, `title`, `body`, `answers`, `tags`)
SELECT `rowid`, `title`, `body`, `answers`, `tags` FROM `search_fts`
WHERE `rowid` > (SELECT coalesce(max(`id`), 0) FROM `questions`) - 10000;
