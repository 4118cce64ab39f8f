-- Community close votes: one row per voter and question (unique), with the reason and, for a
-- duplicate, the original it names. The third vote (or a moderator's) closes the question in
-- the same transaction; the votes stay as the record and a reopen deletes them.
-- Purely additive: a new table, nothing existing changes.
CREATE TABLE `close_votes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question_id` integer NOT NULL,
	`voter_id` integer NOT NULL,
	`reason` text NOT NULL,
	`duplicate_of_id` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`voter_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`duplicate_of_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "close_votes_reason_check" CHECK("close_votes"."reason" in ('duplicate', 'off_topic', 'unclear', 'resolved_elsewhere')),
	CONSTRAINT "close_votes_duplicate_check" CHECK(("close_votes"."reason" = 'duplicate') = ("close_votes"."duplicate_of_id" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `close_votes_question_voter_unique` ON `close_votes` (`question_id`,`voter_id`);