-- One row per node per tick; per-core values as arrays (DESIGN.md, Data). NULL temperature = no sensor.
CREATE TABLE sample (
    node          VARCHAR(253)     NOT NULL,
    taken_at      TIMESTAMPTZ      NOT NULL,
    seq           BIGINT           NOT NULL,
    core_temp_c   REAL[],
    core_util_pct REAL[]           NOT NULL,
    core_freq_mhz REAL[],
    package_temp_c REAL,
    load_1m       REAL,
    PRIMARY KEY (node, taken_at, seq)
);
