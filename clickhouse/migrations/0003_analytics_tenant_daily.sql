-- Tenant-wide daily counts by channel and event type: the rollup the overview (and any question without a campaign,
-- template or contact dimension) reads. analytics_daily keys by campaign and template first, so a tenant-wide
-- question over 30 days read every campaign × template row of the tenant and ran slower than raw events; here a
-- tenant's 30 days are a few hundred adjacent rows.
--
-- Read with aggregation only: sum(events). Dedup works as in 0002 (a dedup window on the target, and inserts with
-- deduplicate_blocks_in_dependent_materialized_views = 1).

CREATE TABLE IF NOT EXISTS analytics_tenant_daily
(
    tenant_id String,
    day Date,
    channel LowCardinality(String),
    event_type LowCardinality(String),
    events SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree()
PARTITION BY toYear(day)
ORDER BY (tenant_id, day, channel, event_type)
SETTINGS non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS analytics_tenant_daily_mv TO analytics_tenant_daily AS
SELECT tenant_id, toDate(occurred_at) AS day, channel, event_type, count() AS events
FROM analytics_events
GROUP BY tenant_id, day, channel, event_type;

-- Events that arrived before the view existed; the view counts everything ingested after it was created.
INSERT INTO analytics_tenant_daily
SELECT tenant_id, toDate(occurred_at) AS day, channel, event_type, count() AS events
FROM analytics_events
WHERE ingested_at < (SELECT min(metadata_modification_time) FROM system.tables WHERE database = currentDatabase() AND name = 'analytics_tenant_daily_mv')
GROUP BY tenant_id, day, channel, event_type;
