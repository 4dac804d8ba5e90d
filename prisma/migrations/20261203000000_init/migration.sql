-- CreateEnum
CREATE TYPE "BackupStatus" AS ENUM ('queued', 'running', 'verified', 'failed');

-- CreateEnum
CREATE TYPE "TriggerSource" AS ENUM ('ui', 'api', 'cli', 'scheduler');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "backups" (
    "id" TEXT NOT NULL,
    "component_id" TEXT NOT NULL,
    "database" TEXT NOT NULL,
    "status" "BackupStatus" NOT NULL DEFAULT 'queued',
    "trigger" "TriggerSource" NOT NULL,
    "requested_by" TEXT NOT NULL,
    "repository" TEXT NOT NULL,
    "endpoint" TEXT NOT NULL,
    "bucket" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "manifest_key" TEXT NOT NULL,
    "dump_bytes" BIGINT NOT NULL DEFAULT 0,
    "size_bytes" BIGINT NOT NULL DEFAULT 0,
    "sha256" TEXT,
    "manifest" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "backups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'queued',
    "backup_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "run_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_by" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_runs" (
    "policy_id" TEXT NOT NULL,
    "scheduled_for" TIMESTAMPTZ(3) NOT NULL,
    "backup_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "schedule_runs_pkey" PRIMARY KEY ("policy_id","scheduled_for")
);

-- CreateIndex
CREATE INDEX "backups_component_id_status_finished_at_idx" ON "backups"("component_id", "status", "finished_at");

-- CreateIndex
CREATE INDEX "backups_requested_at_idx" ON "backups"("requested_at");

-- CreateIndex
CREATE INDEX "jobs_status_run_at_idx" ON "jobs"("status", "run_at");

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_backup_id_fkey" FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One backup per component at a time: the database itself refuses a second
-- queued or running backup, so two requests racing cannot both win.
-- (Partial index; Prisma's schema language cannot express it.)
CREATE UNIQUE INDEX "backups_one_active_per_component" ON "backups"("component_id") WHERE "status" IN ('queued', 'running');
