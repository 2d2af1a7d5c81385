-- Users of the web app and the API (issue 6 adds jobs, trials, models).
CREATE TABLE app_user (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      VARCHAR(64)  NOT NULL UNIQUE,
    password_hash VARCHAR(100) NOT NULL,
    role          VARCHAR(16)  NOT NULL CHECK (role IN ('user', 'admin')),
    avatar_media  VARCHAR(64),
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
