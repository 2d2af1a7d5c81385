-- Repeated k-fold and divergence (trainer README, "How it trains"): a trial's 95% interval for its mean
-- CV accuracy, and whether any of its folds diverged (such a cell is never the best one). Trials stored
-- before this have neither: null and false.
ALTER TABLE trial
    ADD COLUMN interval_low  DOUBLE PRECISION,
    ADD COLUMN interval_high DOUBLE PRECISION,
    ADD COLUMN diverged      BOOLEAN NOT NULL DEFAULT false;
