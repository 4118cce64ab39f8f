-- Official answers stay true (who marked, when, the note, the last verification; existing marks filled in from their questions), and the claim-link e-mails sent to imported accounts.
CREATE TABLE `claim_link_emails` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`queued_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `official_marks` (
	`question_id` integer PRIMARY KEY NOT NULL,
	`answer_id` integer NOT NULL,
	`marked_by` integer,
	`marked_at` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`verified_by` integer,
	`verified_at` integer NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answer_id`) REFERENCES `answers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`marked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`verified_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `official_marks_verified_idx` ON `official_marks` (`verified_at`,`question_id`);--> statement-breakpoint
CREATE INDEX `users_claimable_idx` ON `users` (`id`) WHERE password_hash IS NULL AND status != 'deleted' AND email NOT LIKE '%.invalid';--> statement-breakpoint
INSERT INTO `official_marks` (`question_id`, `answer_id`, `marked_by`, `marked_at`, `note`, `verified_by`, `verified_at`)
  SELECT `id`, `official_answer_id`, NULL, coalesce(`resolved_at`, `last_activity_at`), '', NULL, coalesce(`resolved_at`, `last_activity_at`)
  FROM `questions` WHERE `official_answer_id` IS NOT NULL;
