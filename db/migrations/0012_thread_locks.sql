-- Who locked a thread and why (app/models/moderation.server.ts).
ALTER TABLE `questions` ADD `locked_by_id` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `questions` ADD `lock_reason` text;