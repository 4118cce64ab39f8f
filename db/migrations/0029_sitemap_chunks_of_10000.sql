-- Sitemap files of 10 000 URLs instead of Google's limit of 50 000 (app/models/seo.server.ts,
-- SITEMAP_CHUNK_SIZE): a file then costs the same to serve at a million threads as at 10 000,
-- and the index of a million-thread community lists 100 of them. The counts are rebuilt for the
-- new ranges and the triggers of 0008 recreated with the new size.
DROP TRIGGER `sitemap_chunks_insert`;
--> statement-breakpoint
DROP TRIGGER `sitemap_chunks_update`;
--> statement-breakpoint
DROP TRIGGER `sitemap_chunks_delete`;
--> statement-breakpoint
DELETE FROM `sitemap_chunks`;
--> statement-breakpoint
INSERT INTO `sitemap_chunks` (`chunk`, `n`, `lastmod`)
SELECT (id - 1) / 10000 + 1, count(*), max(last_activity_at) FROM questions
WHERE deleted_at IS NULL GROUP BY 1;
--> statement-breakpoint
CREATE TRIGGER `sitemap_chunks_insert` AFTER INSERT ON `questions`
WHEN NEW.deleted_at IS NULL
BEGIN
  INSERT INTO sitemap_chunks (chunk, n, lastmod) VALUES ((NEW.id - 1) / 10000 + 1, 1, NEW.last_activity_at)
    ON CONFLICT (chunk) DO UPDATE SET n = n + 1, lastmod = max(lastmod, excluded.lastmod);
END;
--> statement-breakpoint
CREATE TRIGGER `sitemap_chunks_update` AFTER UPDATE OF `deleted_at`, `last_activity_at` ON `questions`
WHEN (OLD.deleted_at IS NULL) IS NOT (NEW.deleted_at IS NULL)
  OR (NEW.deleted_at IS NULL AND NEW.last_activity_at > OLD.last_activity_at)
BEGIN
  INSERT INTO sitemap_chunks (chunk, n, lastmod)
    VALUES ((NEW.id - 1) / 10000 + 1, (NEW.deleted_at IS NULL) - (OLD.deleted_at IS NULL),
      max(NEW.last_activity_at, coalesce(NEW.deleted_at, 0)))
    ON CONFLICT (chunk) DO UPDATE SET n = n + excluded.n, lastmod = max(lastmod, excluded.lastmod);
END;
--> statement-breakpoint
CREATE TRIGGER `sitemap_chunks_delete` AFTER DELETE ON `questions`
WHEN OLD.deleted_at IS NULL
BEGIN
  UPDATE sitemap_chunks SET n = n - 1 WHERE chunk = (OLD.id - 1) / 10000 + 1;
END;
