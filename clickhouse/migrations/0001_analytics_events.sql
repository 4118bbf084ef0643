-- Raw analytics events: one row per event, append-only.
-- Dashboard events (call_ended, intent_detected, funnel_step) use category/label/value,
-- outcome, duration_seconds and step_index; other events leave them at their defaults.
-- non_replicated_deduplication_window: keep the last 1000 insert block ids so
-- insert_deduplication_token works on this non-replicated MergeTree.
CREATE TABLE IF NOT EXISTS analytics_events
(
    id UUID,
    tenant_id String,
    event_type LowCardinality(String),
    entity_type LowCardinality(String),
    entity_id String,
    channel LowCardinality(String),
    contact_id Nullable(String),
    user_id Nullable(String),
    source_type LowCardinality(String),
    source_id Nullable(String),
    campaign_id Nullable(String),
    workflow_id Nullable(String),
    sequence_id Nullable(String),
    template_id Nullable(String),
    metadata String,
    occurred_at DateTime64(3),
    ingested_at DateTime64(3) DEFAULT now64(3),
    category LowCardinality(String) DEFAULT '',
    label String DEFAULT '',
    value Nullable(Float64),
    outcome LowCardinality(String) DEFAULT '',
    duration_seconds Nullable(Float64),
    step_index Nullable(UInt16),
    INDEX idx_channel channel TYPE bloom_filter GRANULARITY 1,
    INDEX idx_entity_id entity_id TYPE bloom_filter GRANULARITY 1,
    INDEX idx_campaign_id campaign_id TYPE bloom_filter GRANULARITY 1,
    INDEX idx_contact_id contact_id TYPE bloom_filter GRANULARITY 1,
    INDEX idx_template_id template_id TYPE bloom_filter GRANULARITY 1
)
ENGINE = MergeTree()
PARTITION BY toYYYYMM(occurred_at)
ORDER BY (tenant_id, event_type, occurred_at, id)
TTL toDateTime(occurred_at) + INTERVAL 2 YEAR
SETTINGS index_granularity = 8192, non_replicated_deduplication_window = 1000;
