CREATE TABLE `claim_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_tokens_hash_unique` ON `claim_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `claim_tokens_user_idx` ON `claim_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `import_map` (
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`source_id` integer NOT NULL,
	`target_id` integer NOT NULL,
	`license` text,
	`imported_at` integer NOT NULL,
	PRIMARY KEY(`source`, `kind`, `source_id`)
);
--> statement-breakpoint
CREATE INDEX `import_map_target_idx` ON `import_map` (`kind`,`target_id`);--> statement-breakpoint
CREATE INDEX `import_map_source_id_idx` ON `import_map` (`kind`,`source_id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_reputation_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`amount` integer NOT NULL,
	`kind` text NOT NULL,
	`post_type` text,
	`post_id` integer,
	`question_id` integer,
	`actor_id` integer,
	`reversal_of_id` integer,
	`reversed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_reputation_events`("id", "user_id", "amount", "kind", "post_type", "post_id", "question_id", "actor_id", "reversal_of_id", "reversed_at", "created_at") SELECT "id", "user_id", "amount", "kind", "post_type", "post_id", "question_id", "actor_id", "reversal_of_id", "reversed_at", "created_at" FROM `reputation_events`;--> statement-breakpoint
DROP TABLE `reputation_events`;--> statement-breakpoint
ALTER TABLE `__new_reputation_events` RENAME TO `reputation_events`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `reputation_user_created_idx` ON `reputation_events` (`user_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `reputation_post_idx` ON `reputation_events` (`post_type`,`post_id`);