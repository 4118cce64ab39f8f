-- A tag's newest questions straight off an index (tag, question time, question), instead of
-- sorting every question of the tag. attachTags() copies the question's createdAt in.
ALTER TABLE `question_tags` ADD `question_created_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `question_tags` SET `question_created_at` =
  (SELECT `created_at` FROM `questions` WHERE `questions`.`id` = `question_tags`.`question_id`);--> statement-breakpoint
CREATE INDEX `question_tags_tag_created_idx` ON `question_tags` (`tag_id`,`question_created_at`,`question_id`);
