-- Always-current rollups of analytics_events, maintained by materialized views on insert.
--
-- Parts merge lazily, so a key can have several rows until a merge happens. Always read
-- with aggregation, never raw rows:
--   sum(events), sum(duration_sum) / sum(duration_count), min(duration_min), max(duration_max),
--   sum(value_sum), sum(value_count), min(value_min), max(value_max), uniqMerge(contacts)
-- campaign_id / template_id are '' where the event has NULL.
-- duration_sum / value_sum add only non-NULL values; *_count is the number of non-NULL values.
--
-- Insert dedup: a block dropped as a duplicate in analytics_events is still pushed to the
-- views; it is dropped there only because the targets keep a dedup window too and inserts
-- run with deduplicate_blocks_in_dependent_materialized_views = 1 (lib/clickhouse.ts
-- insertSettings). The views' block ids derive from the source block id, so distinct
-- source blocks that aggregate to identical rollup rows are not mistaken for duplicates.

CREATE TABLE IF NOT EXISTS analytics_hourly
(
    tenant_id String,
    campaign_id String,
    channel LowCardinality(String),
    template_id String,
    event_type LowCardinality(String),
    hour DateTime,
    events SimpleAggregateFunction(sum, UInt64),
    duration_count SimpleAggregateFunction(sum, UInt64),
    duration_sum SimpleAggregateFunction(sum, Float64),
    duration_min SimpleAggregateFunction(min, Nullable(Float64)),
    duration_max SimpleAggregateFunction(max, Nullable(Float64)),
    value_count SimpleAggregateFunction(sum, UInt64),
    value_sum SimpleAggregateFunction(sum, Float64),
    value_min SimpleAggregateFunction(min, Nullable(Float64)),
    value_max SimpleAggregateFunction(max, Nullable(Float64)),
    contacts AggregateFunction(uniq, Nullable(String))
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, campaign_id, channel, template_id, event_type, hour)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS analytics_hourly_mv TO analytics_hourly AS
SELECT
    tenant_id,
    ifNull(campaign_id, '') AS campaign_id,
    channel,
    ifNull(template_id, '') AS template_id,
    event_type,
    toDateTime(toStartOfHour(occurred_at)) AS hour,
    count() AS events,
    count(duration_seconds) AS duration_count,
    sum(ifNull(duration_seconds, 0)) AS duration_sum,
    min(duration_seconds) AS duration_min,
    max(duration_seconds) AS duration_max,
    count(value) AS value_count,
    sum(ifNull(value, 0)) AS value_sum,
    min(value) AS value_min,
    max(value) AS value_max,
    uniqState(contact_id) AS contacts
FROM analytics_events
GROUP BY tenant_id, campaign_id, channel, template_id, event_type, hour;

CREATE TABLE IF NOT EXISTS analytics_daily
(
    tenant_id String,
    campaign_id String,
    channel LowCardinality(String),
    template_id String,
    event_type LowCardinality(String),
    day Date,
    events SimpleAggregateFunction(sum, UInt64),
    duration_count SimpleAggregateFunction(sum, UInt64),
    duration_sum SimpleAggregateFunction(sum, Float64),
    duration_min SimpleAggregateFunction(min, Nullable(Float64)),
    duration_max SimpleAggregateFunction(max, Nullable(Float64)),
    value_count SimpleAggregateFunction(sum, UInt64),
    value_sum SimpleAggregateFunction(sum, Float64),
    value_min SimpleAggregateFunction(min, Nullable(Float64)),
    value_max SimpleAggregateFunction(max, Nullable(Float64)),
    contacts AggregateFunction(uniq, Nullable(String))
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYear(day)
ORDER BY (tenant_id, campaign_id, channel, template_id, event_type, day)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS analytics_daily_mv TO analytics_daily AS
SELECT
    tenant_id,
    ifNull(campaign_id, '') AS campaign_id,
    channel,
    ifNull(template_id, '') AS template_id,
    event_type,
    toDate(occurred_at) AS day,
    count() AS events,
    count(duration_seconds) AS duration_count,
    sum(ifNull(duration_seconds, 0)) AS duration_sum,
    min(duration_seconds) AS duration_min,
    max(duration_seconds) AS duration_max,
    count(value) AS value_count,
    sum(ifNull(value, 0)) AS value_sum,
    min(value) AS value_min,
    max(value) AS value_max,
    uniqState(contact_id) AS contacts
FROM analytics_events
GROUP BY tenant_id, campaign_id, channel, template_id, event_type, day;
