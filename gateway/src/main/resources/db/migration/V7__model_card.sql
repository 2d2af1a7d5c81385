-- What a model's card shows beside its positive class, as trainers report it since: the label value its 0 means, and
-- per kept feature the [min, max] of the training rows its MinMax scaler maps to [0, 1]
-- ({"features": [..], "min": [..], "max": [..]}). Null for models registered before (or by older trainers).
ALTER TABLE model ADD COLUMN negative_class VARCHAR(200);
ALTER TABLE model ADD COLUMN scaler JSONB;
