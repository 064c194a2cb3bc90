-- Security Hub pages are fetched ahead of being stored: each page job enqueues the next page right after its
-- GetFindings call, then stores its own page, so several pages of a region are in flight at once. A part may
-- end only once every page has been stored, so each page job is registered here before it is enqueued (with
-- the job, for the watchdog to put back one a queue lost) and marked stored in the transaction that stores it.
-- `sync_part` counts both (a retried page counts once): the part is complete when its last page is known and
-- every registered page is stored.
ALTER TABLE "sync_part"
    ADD COLUMN "pages_registered" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "pages_stored" INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN "last_page" INTEGER,
    ADD COLUMN "cursor_max" TEXT;

-- sync_page
CREATE TABLE "sync_page" (
    "sync_run_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "account_id" VARCHAR(12) NOT NULL,
    "region" TEXT NOT NULL,
    "page" INTEGER NOT NULL,
    "job" JSONB NOT NULL,
    "stored_at" TIMESTAMPTZ(3),
    CONSTRAINT "sync_page_pkey" PRIMARY KEY ("sync_run_id", "source", "account_id", "region", "page")
);
ALTER TABLE "sync_page" ADD CONSTRAINT "sync_page_sync_run_id_source_account_id_region_fkey"
    FOREIGN KEY ("sync_run_id", "source", "account_id", "region") REFERENCES "sync_part"("sync_run_id", "source", "account_id", "region")
    ON DELETE CASCADE ON UPDATE CASCADE;
