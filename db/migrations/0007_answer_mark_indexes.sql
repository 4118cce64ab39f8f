CREATE INDEX `questions_accepted_answer_idx` ON `questions` (`accepted_answer_id`);--> statement-breakpoint
CREATE INDEX `questions_official_answer_idx` ON `questions` (`official_answer_id`);