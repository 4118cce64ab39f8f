-- Each thread's sentence vector for the similar-questions ranking (search/vectors.ts).
CREATE TABLE `question_vectors` (
	`question_id` integer PRIMARY KEY NOT NULL,
	`model` text,
	`vector` blob,
	`computed_at` integer,
	`due_at` integer,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `question_vectors_due_idx` ON `question_vectors` (`due_at`);