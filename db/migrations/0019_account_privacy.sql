-- Privacy: an index to find a deleted account's queued e-mail (account-privacy.server.ts).
CREATE INDEX `email_outbox_user_idx` ON `email_outbox` (`user_id`);