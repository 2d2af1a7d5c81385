-- job_run takes the shape of every HUD run table (common's SlotRuns): outcome, and what the run did.
ALTER TABLE job_run ADD COLUMN detail TEXT;
