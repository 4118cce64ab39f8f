-- The staff figures: asks by self-help sessions (deflection) and indexes for per-period figures.
CREATE TABLE `self_help_asks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`at` integer NOT NULL,
	`question_id` integer NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `self_help_asks_session_idx` ON `self_help_asks` (`session_id`,`at`);--> statement-breakpoint
CREATE INDEX `answers_created_idx` ON `answers` (`created_at`);--> statement-breakpoint
CREATE INDEX `questions_first_answer_idx` ON `questions` (`first_answer_at`) WHERE "questions"."deleted_at" IS NULL AND "questions"."first_answer_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `questions_resolved_at_idx` ON `questions` (`resolved_at`) WHERE "questions"."deleted_at" IS NULL AND "questions"."resolved_at" IS NOT NULL;