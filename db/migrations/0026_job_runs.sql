CREATE TABLE `job_runs` (
	`job` text PRIMARY KEY NOT NULL,
	`finished_at` integer NOT NULL
);
