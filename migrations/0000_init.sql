CREATE TABLE `alerts` (
	`fingerprint` text PRIMARY KEY NOT NULL,
	`anomaly_id` text NOT NULL,
	`location_id` text NOT NULL,
	`type` text NOT NULL,
	`category` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`region` text NOT NULL,
	`event` text NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`ended_at` integer,
	`receivers` text,
	`silenced_by` text,
	`inhibited_by` text,
	`route_error` text,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `alerts_status` ON `alerts` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `alerts_location` ON `alerts` (`location_id`,`status`);--> statement-breakpoint
CREATE TABLE `ingest_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`secret_hash` text NOT NULL,
	`label` text,
	`location_ids` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE TABLE `live_models` (
	`location_id` text NOT NULL,
	`metric` text NOT NULL,
	`grain` text NOT NULL,
	`version` integer NOT NULL,
	`previous_version` integer,
	`promoted_at` integer NOT NULL,
	`promoted_by` text NOT NULL,
	`delivered_at` integer,
	PRIMARY KEY(`location_id`, `metric`, `grain`)
);
--> statement-breakpoint
CREATE TABLE `locations` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`timezone` text NOT NULL,
	`country` text,
	`subdivision` text,
	`region` text,
	`currency` text NOT NULL,
	`tags` text NOT NULL,
	`opening_hours` text,
	`exceptions` text,
	`event_days` text,
	`closed_on_public_holidays` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `locations_region` ON `locations` (`region`);--> statement-breakpoint
CREATE TABLE `model_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`location_id` text NOT NULL,
	`metric` text NOT NULL,
	`grain` text NOT NULL,
	`action` text NOT NULL,
	`from_version` integer,
	`to_version` integer NOT NULL,
	`actor` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	`job_key` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_events_job` ON `model_events` (`job_key`,`metric`,`grain`);--> statement-breakpoint
CREATE TABLE `model_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`location_id` text NOT NULL,
	`metric` text NOT NULL,
	`grain` text NOT NULL,
	`version` integer NOT NULL,
	`trained_through_ms` integer NOT NULL,
	`holdout_metrics` text,
	`status` text NOT NULL,
	`status_reason` text,
	`r2_key` text,
	`code_version` text NOT NULL,
	`run_id` text,
	`job_key` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_version` ON `model_versions` (`location_id`,`metric`,`grain`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `model_versions_job` ON `model_versions` (`job_key`,`metric`,`grain`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`group_key` text NOT NULL,
	`receiver` text NOT NULL,
	`routing_version` integer NOT NULL,
	`channel_index` integer NOT NULL,
	`channel` text NOT NULL,
	`endpoint` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`firing_count` integer NOT NULL,
	`resolved_count` integer NOT NULL,
	`content` text NOT NULL,
	`last_error` text,
	`last_status` integer,
	`dead_reason` text,
	`decided_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE INDEX `notifications_status` ON `notifications` (`status`,`updated_at`);--> statement-breakpoint
CREATE INDEX `notifications_group` ON `notifications` (`group_key`,`created_at`);--> statement-breakpoint
CREATE TABLE `routing_documents` (
	`version` integer PRIMARY KEY NOT NULL,
	`sealed` text NOT NULL,
	`redacted` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `silences` (
	`id` text PRIMARY KEY NOT NULL,
	`matchers` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`comment` text NOT NULL,
	`created_at` integer NOT NULL,
	`expired_at` integer
);
--> statement-breakpoint
CREATE INDEX `silences_ends` ON `silences` (`ends_at`);--> statement-breakpoint
CREATE TABLE `training_jobs` (
	`run_id` text NOT NULL,
	`location_id` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`outcome` text,
	`error` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `location_id`)
);
--> statement-breakpoint
CREATE INDEX `training_jobs_location` ON `training_jobs` (`location_id`,`updated_at`);--> statement-breakpoint
CREATE TABLE `training_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`trigger` text NOT NULL,
	`selector` text,
	`job_count` integer NOT NULL,
	`created_at` integer NOT NULL,
	`requested_by` text NOT NULL
);
