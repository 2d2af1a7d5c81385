-- Raw samples and one-minute roll-ups partitioned by time (DESIGN.md, Data): RANGE on the sample time, one partition
-- per UTC day (sample_pYYYYMMDD, sample_minute_pYYYYMMDD), and a DEFAULT partition each, so a sample outside the
-- created days (clock skew, a node back from a long outage) is stored all the same. Retention drops whole days.
-- The names, columns and keys stay what they were (the keys already begin with the node and hold the time), so a
-- replica of the previous release keeps writing and reading during a rolling upgrade.
--
-- One day (or month) per partition, for the roll-ups too: they are kept 90 days, so ~90 partitions, which PostgreSQL
-- prunes at plan or executor start-up (the 31-day history query touches 31); retention stays exact to the day for any
-- configured value, where months would keep up to a month more than asked.

-- Creates the partition of one UTC day of a table partitioned here (idempotent: false if it exists). Rows of that
-- day already in the DEFAULT partition (PostgreSQL refuses a partition whose range has rows there) are moved into the
-- new table before it is attached, all in the caller's transaction; an advisory lock serialises replicas.
CREATE FUNCTION sensors_day_partition(parent TEXT, key TEXT, day DATE) RETURNS BOOLEAN
    LANGUAGE plpgsql AS
$$
DECLARE
    name TEXT := parent || '_p' || to_char(day, 'YYYYMMDD');
    low  TIMESTAMPTZ := day::TIMESTAMP AT TIME ZONE 'UTC';
    high TIMESTAMPTZ := (day + 1)::TIMESTAMP AT TIME ZONE 'UTC';
BEGIN
    IF to_regclass(name) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    PERFORM pg_advisory_xact_lock(hashtext('sensors_day_partition ' || parent));
    IF to_regclass(name) IS NOT NULL THEN
        RETURN FALSE;
    END IF;
    -- The order ATTACH takes them in; writers (ROW EXCLUSIVE on the parent) go on, those routed to DEFAULT wait.
    EXECUTE format('LOCK TABLE %I IN SHARE UPDATE EXCLUSIVE MODE', parent);
    EXECUTE format('LOCK TABLE %I IN ACCESS EXCLUSIVE MODE', parent || '_default');
    EXECUTE format('CREATE TABLE %I (LIKE %I INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name, parent);
    EXECUTE format('WITH moved AS (DELETE FROM %I WHERE %I >= $1 AND %I < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved',
                   parent || '_default', key, key, name) USING low, high;
    EXECUTE format('ALTER TABLE %I ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', parent, name, low, high);
    RETURN TRUE;
END
$$;

ALTER TABLE sample RENAME TO sample_v3;
ALTER INDEX sample_pkey RENAME TO sample_v3_pkey;
CREATE TABLE sample (
    node           VARCHAR(253) NOT NULL,
    taken_at       TIMESTAMPTZ  NOT NULL,
    seq            BIGINT       NOT NULL,
    core_temp_c    REAL[],
    core_util_pct  REAL[]       NOT NULL,
    core_freq_mhz  REAL[],
    package_temp_c REAL,
    load_1m        REAL,
    PRIMARY KEY (node, taken_at, seq)
) PARTITION BY RANGE (taken_at);
CREATE TABLE sample_default PARTITION OF sample DEFAULT;

ALTER TABLE sample_minute RENAME TO sample_minute_v3;
ALTER INDEX sample_minute_pkey RENAME TO sample_minute_v3_pkey;
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
) PARTITION BY RANGE (minute);
CREATE TABLE sample_minute_default PARTITION OF sample_minute DEFAULT;

-- The days the existing rows fall on (a sane window around now; the rest go to DEFAULT, where retention finds them),
-- and the next days, then every row. The scheduled job (Retention) creates the days ahead from now on.
SELECT sensors_day_partition('sample', 'taken_at', day)
FROM (SELECT DISTINCT (taken_at AT TIME ZONE 'UTC')::DATE AS day FROM sample_v3
      UNION SELECT (now() AT TIME ZONE 'UTC')::DATE + ahead FROM generate_series(0, 2) AS ahead) AS days
WHERE day BETWEEN (now() AT TIME ZONE 'UTC')::DATE - 400 AND (now() AT TIME ZONE 'UTC')::DATE + 7;
SELECT sensors_day_partition('sample_minute', 'minute', day)
FROM (SELECT DISTINCT (minute AT TIME ZONE 'UTC')::DATE AS day FROM sample_minute_v3
      UNION SELECT (now() AT TIME ZONE 'UTC')::DATE + ahead FROM generate_series(0, 2) AS ahead) AS days
WHERE day BETWEEN (now() AT TIME ZONE 'UTC')::DATE - 400 AND (now() AT TIME ZONE 'UTC')::DATE + 7;

INSERT INTO sample (node, taken_at, seq, core_temp_c, core_util_pct, core_freq_mhz, package_temp_c, load_1m)
SELECT node, taken_at, seq, core_temp_c, core_util_pct, core_freq_mhz, package_temp_c, load_1m FROM sample_v3;
INSERT INTO sample_minute (node, minute, core, samples, temp_avg, temp_min, temp_max, util_avg, util_min, util_max)
SELECT node, minute, core, samples, temp_avg, temp_min, temp_max, util_avg, util_min, util_max FROM sample_minute_v3;
DROP TABLE sample_v3;
DROP TABLE sample_minute_v3;
