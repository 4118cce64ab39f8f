-- Stored "resolved threads that may help" lists (search/related-lists.server.ts).
CREATE TABLE `related_lists` (
	`question_id` integer PRIMARY KEY NOT NULL,
	`computed_at` integer,
	`due_at` integer,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `related_lists_due_idx` ON `related_lists` (`due_at`);--> statement-breakpoint
CREATE TABLE `related_threads` (
	`question_id` integer NOT NULL,
	`position` integer NOT NULL,
	`related_id` integer NOT NULL,
	PRIMARY KEY(`question_id`, `position`)
);
--> statement-breakpoint
CREATE INDEX `related_threads_related_idx` ON `related_threads` (`related_id`);