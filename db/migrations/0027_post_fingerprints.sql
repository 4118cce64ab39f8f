ALTER TABLE `answers` ADD `body_fingerprint` text;--> statement-breakpoint
CREATE INDEX `answers_author_fingerprint_idx` ON `answers` (`author_id`,`body_fingerprint`,`created_at`) WHERE "answers"."body_fingerprint" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `questions` ADD `body_fingerprint` text;--> statement-breakpoint
CREATE INDEX `questions_author_fingerprint_idx` ON `questions` (`author_id`,`body_fingerprint`,`created_at`) WHERE "questions"."body_fingerprint" IS NOT NULL;