-- The job that carries each unfinished sync part, so a watchdog can put back jobs a queue lost.
ALTER TABLE "sync_part" ADD COLUMN "pending_job" JSONB;
