-- CreateEnum
CREATE TYPE "RestoreStatus" AS ENUM ('queued', 'downloading', 'restoring', 'validating', 'validated', 'failed');

-- CreateEnum
CREATE TYPE "RestoreTarget" AS ENUM ('scratch', 'original');

-- CreateEnum
CREATE TYPE "RestorePurpose" AS ENUM ('restore', 'drill');

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN "restore_id" TEXT;

-- AlterTable
ALTER TABLE "schedule_runs" ADD COLUMN "restore_id" TEXT;

-- AlterTable
ALTER TABLE "backups" ADD COLUMN "missing_since" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "restores" (
    "id" TEXT NOT NULL,
    "backup_id" TEXT NOT NULL,
    "component_id" TEXT NOT NULL,
    "purpose" "RestorePurpose" NOT NULL DEFAULT 'restore',
    "test_id" TEXT,
    "target" "RestoreTarget" NOT NULL,
    "target_database" TEXT NOT NULL,
    "terminate_connections" BOOLEAN NOT NULL DEFAULT false,
    "status" "RestoreStatus" NOT NULL DEFAULT 'queued',
    "trigger" "TriggerSource" NOT NULL,
    "requested_by" TEXT NOT NULL,
    "bytes_downloaded" BIGINT NOT NULL DEFAULT 0,
    "bytes_total" BIGINT NOT NULL DEFAULT 0,
    "integrity" JSONB,
    "error" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "duration_seconds" DOUBLE PRECISION,
    "scratch_expires_at" TIMESTAMPTZ(3),
    "scratch_dropped_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "restores_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "restores_component_id_status_finished_at_idx" ON "restores"("component_id", "status", "finished_at");

-- CreateIndex
CREATE INDEX "restores_purpose_requested_at_idx" ON "restores"("purpose", "requested_at");

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_restore_id_fkey" FOREIGN KEY ("restore_id") REFERENCES "restores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "restores" ADD CONSTRAINT "restores_backup_id_fkey" FOREIGN KEY ("backup_id") REFERENCES "backups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Two restores must not write the same database at once.
CREATE UNIQUE INDEX "restores_one_active_per_target" ON "restores"("target_database") WHERE "status" IN ('queued', 'downloading', 'restoring', 'validating');
