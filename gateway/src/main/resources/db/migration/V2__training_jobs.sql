-- Training jobs, their trials (one grid cell each), the models they register, what failed, and the
-- runs of the scheduled jobs.
CREATE TABLE training_job (
    id            VARCHAR(40)  PRIMARY KEY,
    owner_id      BIGINT       NOT NULL REFERENCES app_user (id),
    name          VARCHAR(120),
    purpose       VARCHAR(16)  NOT NULL DEFAULT 'user' CHECK (purpose IN ('user', 'retrain')),
    status        VARCHAR(16)  NOT NULL CHECK (status IN ('queued', 'running', 'refitting', 'succeeded', 'failed', 'cancelled')),
    device_kind   VARCHAR(8)   NOT NULL CHECK (device_kind IN ('cpu', 'gpu')),
    request       JSONB        NOT NULL,  -- what was asked, with defaults filled in
    search        JSONB        NOT NULL,  -- the SearchSpec every trial message carries
    trials_total  INT          NOT NULL,
    best_trial    INT,
    refit_epochs  INT,
    refit_sent_at TIMESTAMPTZ,            -- null while the refit is still to be sent
    model_id      VARCHAR(80),
    error         TEXT,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    started_at    TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ
);
CREATE INDEX training_job_owner ON training_job (owner_id, created_at DESC);
CREATE INDEX training_job_status ON training_job (status, created_at DESC);

CREATE TABLE trial (
    job_id         VARCHAR(40)  NOT NULL REFERENCES training_job (id) ON DELETE CASCADE,
    idx            INT          NOT NULL,
    learning_rate  DOUBLE PRECISION NOT NULL,
    momentum       DOUBLE PRECISION NOT NULL,
    batch_size     INT          NOT NULL,
    epochs         INT          NOT NULL,
    optimizer      VARCHAR(16)  NOT NULL,
    status         VARCHAR(16)  NOT NULL CHECK (status IN ('queued', 'succeeded', 'failed', 'cancelled')),
    attempts       INT          NOT NULL DEFAULT 0,  -- times sent to the trainers
    sent_at        TIMESTAMPTZ,                      -- null while (re)sending is due: the outbox
    reaped_from    VARCHAR(200),                     -- the gone worker it was last re-queued from
    mean_accuracy  DOUBLE PRECISION,
    std_accuracy   DOUBLE PRECISION,
    mean_loss      DOUBLE PRECISION,
    folds          JSONB,                            -- per fold: best/stopped epoch, scores, per-epoch history
    worker_id      VARCHAR(200),
    device         VARCHAR(200),
    wall_seconds   DOUBLE PRECISION,
    failure        TEXT,
    finished_at    TIMESTAMPTZ,
    PRIMARY KEY (job_id, idx)
);
CREATE INDEX trial_unsent ON trial (job_id) WHERE sent_at IS NULL AND status = 'queued';
CREATE INDEX trial_finished ON trial (finished_at);

CREATE TABLE model (
    id               VARCHAR(80)  PRIMARY KEY,
    job_id           VARCHAR(40)  NOT NULL REFERENCES training_job (id) ON DELETE CASCADE,
    owner_id         BIGINT       NOT NULL REFERENCES app_user (id),
    dataset          VARCHAR(200) NOT NULL,
    learning_rate    DOUBLE PRECISION NOT NULL,
    momentum         DOUBLE PRECISION NOT NULL,
    batch_size       INT          NOT NULL,
    epochs           INT          NOT NULL,
    optimizer        VARCHAR(16)  NOT NULL,
    refit_epochs     INT          NOT NULL,
    cv_accuracy      DOUBLE PRECISION,
    holdout          JSONB        NOT NULL,
    features         JSONB        NOT NULL,
    positive_class   VARCHAR(64),
    model_location   TEXT,
    oob_location     TEXT,
    device           VARCHAR(200),
    worker_id        VARCHAR(200),
    wall_seconds     DOUBLE PRECISION,
    is_default       BOOLEAN      NOT NULL DEFAULT false,
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX model_created ON model (created_at DESC);
CREATE UNIQUE INDEX model_one_default ON model (is_default) WHERE is_default;

CREATE TABLE work_failure (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMPTZ  NOT NULL DEFAULT now(),
    source     VARCHAR(16)  NOT NULL,  -- trainer (training.failed) or gateway (an event it could not read)
    job_id     VARCHAR(40),
    trial_id   VARCHAR(80),
    worker_id  VARCHAR(200),
    reason     TEXT         NOT NULL
);
CREATE INDEX work_failure_at ON work_failure (at DESC);

-- One row per scheduled job and time slot: whichever replica inserts it runs that slot.
CREATE TABLE schedule_run (
    name         VARCHAR(40)  NOT NULL,
    slot         TIMESTAMPTZ  NOT NULL,
    instance     VARCHAR(100) NOT NULL,
    started_at   TIMESTAMPTZ  NOT NULL DEFAULT now(),
    finished_at  TIMESTAMPTZ,
    outcome      VARCHAR(16)  NOT NULL DEFAULT 'running' CHECK (outcome IN ('running', 'ok', 'failed')),
    detail       TEXT,
    PRIMARY KEY (name, slot)
);
CREATE INDEX schedule_run_started ON schedule_run (name, started_at DESC);
