-- The staff timeline of a question (routing, escalation, claims, private cases, official-answer steps) and when a question was escalated to staff.
CREATE TABLE `question_timeline` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question_id` integer NOT NULL,
	`at` integer NOT NULL,
	`kind` text NOT NULL,
	`actor_id` integer,
	`detail` text,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `question_timeline_question_idx` ON `question_timeline` (`question_id`,`id`);--> statement-breakpoint
ALTER TABLE `questions` ADD `escalated_at` integer;