-- Leaving a page for a thread that may answer the visitor (the self-help deflection figure).
CREATE TABLE `self_help_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`source` text NOT NULL,
	`session_id` text,
	`question_id` integer NOT NULL,
	`answer_id` integer,
	`resolved` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `self_help_events_at_idx` ON `self_help_events` (`at`);--> statement-breakpoint
CREATE INDEX `self_help_events_session_idx` ON `self_help_events` (`session_id`,`at`);