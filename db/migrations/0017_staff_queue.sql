-- The staff queue: "I'm on it" claims (staff_claims) and the partial indexes that read the waiting questions oldest first, with and without a tag.
CREATE TABLE `staff_claims` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`claimed_at` integer NOT NULL,
	`released_at` integer,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_claims_question_idx` ON `staff_claims` (`question_id`,`id`);--> statement-breakpoint
CREATE INDEX `question_tags_waiting_created_idx` ON `question_tags` (`tag_id`,`question_created_at`,`question_id`,`question_state`) WHERE `question_state` IN ('unanswered', 'listed');--> statement-breakpoint
CREATE INDEX `questions_waiting_created_idx` ON `questions` (`created_at`,`id`,`status`,`escalated_at`) WHERE `deleted_at` IS NULL AND `status` IN ('open', 'answered');--> statement-breakpoint
CREATE INDEX `questions_escalated_created_idx` ON `questions` (`created_at`,`id`,`status`) WHERE `deleted_at` IS NULL AND `status` IN ('open', 'answered') AND `escalated_at` IS NOT NULL;