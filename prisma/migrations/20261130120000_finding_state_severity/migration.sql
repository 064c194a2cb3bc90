-- Severity history: Security Hub changes a finding's Severity.Label (a control check that passes drops to
-- INFORMATIONAL; vendors and people re-rate findings), so the weekly review of a past week must read the severity
-- of the finding_state interval in force at the end of that week, not the finding's current row. A severity change
-- starts a new interval like any other change of the state (packages/db/src/write/intervals.ts FINDING_STATE).
--
-- Nullable: null means "not recorded" and readers fall back to the finding's current severity (rows written by
-- tools that predate the column). Every existing row is backfilled with the finding's current severity, the best
-- that is known about the past: history recorded before this migration keeps showing today's severity.
ALTER TABLE "finding_state" ADD COLUMN "severity_label" TEXT;

UPDATE "finding_state" s SET "severity_label" = f."severity_label"
FROM "finding" f
WHERE f."id" = s."finding_id";

ALTER TABLE "finding_state" ADD CONSTRAINT "finding_state_severity_label_check"
    CHECK ("severity_label" IN ('CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'));
