-- Expert routing: the tags experts answer, each question's routing schedule, and who was told.
CREATE TABLE `expert_tags` (
	`user_id` integer NOT NULL,
	`tag_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `tag_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tag_id`) REFERENCES `tags`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `expert_tags_tag_idx` ON `expert_tags` (`tag_id`,`user_id`);--> statement-breakpoint
CREATE TABLE `routing_notified` (
	`question_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`step` text NOT NULL,
	`notified_at` integer NOT NULL,
	PRIMARY KEY(`question_id`, `user_id`),
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `routing_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`question_id` integer NOT NULL,
	`step` text NOT NULL,
	`due_at` integer NOT NULL,
	`taken_at` integer,
	`outcome` text,
	`drop_reason` text,
	FOREIGN KEY (`question_id`) REFERENCES `questions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `routing_steps_question_step_unique` ON `routing_steps` (`question_id`,`step`);--> statement-breakpoint
CREATE INDEX `routing_steps_due_idx` ON `routing_steps` (`due_at`,`id`) WHERE taken_at IS NULL;