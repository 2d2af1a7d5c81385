-- One-minute roll-ups, kept longer than the raw samples: per node, minute and logical core.
CREATE TABLE sample_minute (
    node     VARCHAR(253) NOT NULL,
    minute   TIMESTAMPTZ  NOT NULL,
    core     INTEGER      NOT NULL,
    samples  INTEGER      NOT NULL,
    temp_avg REAL,
    temp_min REAL,
    temp_max REAL,
    util_avg REAL         NOT NULL,
    util_min REAL         NOT NULL,
    util_max REAL         NOT NULL,
    PRIMARY KEY (node, minute, core)
);

-- Scheduled jobs: one row per job and schedule slot. The replica that inserts the row runs the job;
-- the others find it there and skip, so a job runs once per slot however many replicas run.
CREATE TABLE job_run (
    job         VARCHAR(64) NOT NULL,
    slot        TIMESTAMPTZ NOT NULL,
    instance    VARCHAR(128) NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    outcome     TEXT,
    PRIMARY KEY (job, slot)
);
