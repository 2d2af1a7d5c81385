-- Data sets people bring: the cleaned CSV is on the cdn (content-addressed), its description and profile here.
CREATE TABLE dataset (
    id             VARCHAR(40)  PRIMARY KEY,
    owner_id       BIGINT       NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name           VARCHAR(120) NOT NULL,
    label          VARCHAR(200) NOT NULL,
    positive_class VARCHAR(200) NOT NULL,
    negative_class VARCHAR(200) NOT NULL,
    features       JSONB        NOT NULL,  -- the feature names, in column order
    row_count      INT          NOT NULL,
    positives      INT          NOT NULL,
    dropped_rows   INT          NOT NULL DEFAULT 0,
    missing        JSONB        NOT NULL,  -- per column, the missing values the upload had
    bytes          BIGINT       NOT NULL,  -- of the file uploaded
    sha256         VARCHAR(64)  NOT NULL,  -- of the cleaned CSV the trainers read
    location       TEXT         NOT NULL,  -- its cdn URL
    profile        JSONB        NOT NULL,  -- what the data page shows (DatasetProfile)
    shared         BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX dataset_owner ON dataset (owner_id, created_at DESC);
CREATE INDEX dataset_shared ON dataset (created_at DESC) WHERE shared;
