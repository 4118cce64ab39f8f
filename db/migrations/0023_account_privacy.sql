-- Privacy: indexes to find a deleted account's queued e-mail and routing rows (account-privacy.server.ts).
CREATE INDEX `email_outbox_user_idx` ON `email_outbox` (`user_id`);--> statement-breakpoint
CREATE INDEX `routing_notified_user_idx` ON `routing_notified` (`user_id`);
