-- The community layer (issue 5): badges earned (one row per person and badge, awarded in the
-- event's transaction), the targeted-voting job's log, the badge named by a 'badge_earned'
-- notification, and indexes for the daily vote cap, the job's weekly scan and comment counts.
-- Purely additive: existing rows are untouched; the start-up job awards badges already earned.
CREATE TABLE `user_badges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`badge` text NOT NULL,
	`question_id` integer,
	`answer_id` integer,
	`awarded_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_badges_user_badge_unique` ON `user_badges` (`user_id`,`badge`);--> statement-breakpoint
CREATE INDEX `user_badges_badge_awarded_idx` ON `user_badges` (`badge`,`awarded_at`);--> statement-breakpoint
CREATE TABLE `vote_fraud_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`voter_id` integer NOT NULL,
	`target_id` integer NOT NULL,
	`reason` text NOT NULL,
	`vote_count` integer NOT NULL,
	`window_start` integer NOT NULL,
	`window_end` integer NOT NULL,
	`reputation_reversed` integer NOT NULL,
	`votes` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`voter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `vote_fraud_log_window_idx` ON `vote_fraud_log` (`window_end`);--> statement-breakpoint
CREATE INDEX `vote_fraud_log_voter_idx` ON `vote_fraud_log` (`voter_id`);--> statement-breakpoint
ALTER TABLE `notifications` ADD `badge` text;--> statement-breakpoint
CREATE INDEX `comments_author_idx` ON `comments` (`author_id`);--> statement-breakpoint
CREATE INDEX `votes_user_created_idx` ON `votes` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `votes_created_idx` ON `votes` (`created_at`);