-- 0039_otel_attributes_gin_steady: the attribute GIN index of otel_log_records without the pending list.
-- With fastupdate on, inserts are cheap until the 4 MB pending list fills and the inserting normalizer has to merge
-- it — a pause of seconds under sustained ingest, which shows as normalization-lag spikes. Off, every insert pays
-- its share as it goes. A partitioned index takes storage parameters only when created (partitions inherit them).
DROP INDEX otel_log_records_attributes_idx;
CREATE INDEX otel_log_records_attributes_idx ON otel_log_records USING gin (attributes jsonb_path_ops) WITH (fastupdate = off);
