-- Posts hidden by three spam/rude flags until a moderator decides, and the index of a post's flags (app/models/flags.server.ts).
ALTER TABLE `answers` ADD `hidden_at` integer;--> statement-breakpoint
ALTER TABLE `questions` ADD `hidden_at` integer;--> statement-breakpoint
CREATE INDEX `flags_post_idx` ON `flags` (`post_type`,`post_id`,`status`);