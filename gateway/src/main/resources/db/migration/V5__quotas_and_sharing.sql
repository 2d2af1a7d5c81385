-- Quotas and private models.
-- Quotas: a job records its whole work (cells x folds x repeats x epochs), so a user's work per day can be summed;
-- an admin may give a user limits of their own (null: the configured default).
ALTER TABLE training_job ADD COLUMN fit_epochs BIGINT NOT NULL DEFAULT 0;
CREATE INDEX training_job_owner_created ON training_job (owner_id, created_at);
CREATE TABLE user_quota (
    user_id            BIGINT PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    active_jobs        INTEGER,
    fit_epochs_per_job BIGINT,
    fit_epochs_per_day BIGINT
);
-- Models are their owner's (and admins'); an owner may share one with everyone. The default model (the scheduled
-- retrain's) is everyone's.
ALTER TABLE model ADD COLUMN shared BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE model SET shared = TRUE WHERE is_default;
