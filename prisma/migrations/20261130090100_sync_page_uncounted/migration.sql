-- The page counters of the previous migration made every page job lock its part's row (registering a page,
-- storing one), which serialised the pages of a region. A part's completion is now read from `sync_page` itself
-- by each page job after its own store commits (the one that commits last sees every page stored), so the
-- counters go; `last_page` and `cursor_max` stay, written once by the last page.
ALTER TABLE "sync_part" DROP COLUMN "pages_registered", DROP COLUMN "pages_stored";
