-- Why a member is suspended (app/models/moderation.server.ts).
ALTER TABLE `users` ADD `suspension_reason` text;