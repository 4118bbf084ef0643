-- Each campaign's calls by hour and outcome: what the campaign stats (seed 004) read. analytics_events is sorted by
-- tenant and event type, so a campaign's call_ended events were found by reading every call of the tenant (100k rows
-- for a 100k-call campaign, the bulk of an uncached stats answer); here a campaign's 30 days are at most 720 rows per
-- outcome.
--
-- Read with aggregation only: sum(events), sum(duration_count), sum(duration_sum), min(duration_min),
-- max(duration_max); duration_* cover the non-NULL durations. Dedup works as in 0002 (a dedup window on the target,
-- and inserts with deduplicate_blocks_in_dependent_materialized_views = 1).

CREATE TABLE IF NOT EXISTS analytics_campaign_calls_hourly
(
    tenant_id String,
    campaign_id String,
    hour DateTime,
    outcome LowCardinality(String),
    events SimpleAggregateFunction(sum, UInt64),
    duration_count SimpleAggregateFunction(sum, UInt64),
    duration_sum SimpleAggregateFunction(sum, Float64),
    duration_min SimpleAggregateFunction(min, Nullable(Float64)),
    duration_max SimpleAggregateFunction(max, Nullable(Float64))
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, campaign_id, hour, outcome)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS analytics_campaign_calls_hourly_mv TO analytics_campaign_calls_hourly AS
SELECT
    tenant_id,
    assumeNotNull(campaign_id) AS campaign_id,
    toDateTime(toStartOfHour(occurred_at)) AS hour,
    outcome,
    count() AS events,
    count(duration_seconds) AS duration_count,
    sum(ifNull(duration_seconds, 0)) AS duration_sum,
    min(duration_seconds) AS duration_min,
    max(duration_seconds) AS duration_max
FROM analytics_events
WHERE event_type = 'call_ended' AND campaign_id IS NOT NULL
GROUP BY tenant_id, campaign_id, hour, outcome;

-- Calls that arrived before the view existed; the view counts everything ingested after it was created.
INSERT INTO analytics_campaign_calls_hourly
SELECT
    tenant_id,
    assumeNotNull(campaign_id) AS campaign_id,
    toDateTime(toStartOfHour(occurred_at)) AS hour,
    outcome,
    count() AS events,
    count(duration_seconds) AS duration_count,
    sum(ifNull(duration_seconds, 0)) AS duration_sum,
    min(duration_seconds) AS duration_min,
    max(duration_seconds) AS duration_max
FROM analytics_events
WHERE event_type = 'call_ended' AND campaign_id IS NOT NULL
  AND ingested_at < (SELECT min(metadata_modification_time) FROM system.tables WHERE database = currentDatabase() AND name = 'analytics_campaign_calls_hourly_mv')
GROUP BY tenant_id, campaign_id, hour, outcome;
