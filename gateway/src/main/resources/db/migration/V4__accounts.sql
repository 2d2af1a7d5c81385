-- Accounts people can manage: a disabled user cannot log in, and every token names the version of its user's
-- credentials: a change of password, role or status (or a logout) moves the version on, ending older tokens.
ALTER TABLE app_user
    ADD COLUMN disabled      BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;
