-- A columnar copy of each workspace's contacts, for live segment counts. PostgreSQL stays the record: a copy is read
-- only while no contact changed since the snapshot it was read in (contact_copies and contact_changes there).
--
-- Values are stored as the segment compiler compares them, computed by PostgreSQL on the way out: text columns and
-- text attributes lower-cased by PostgreSQL's lower() ('' for NULL, which no text operator tells apart), numbers only
-- where the JSON value is a number, boolean attributes that are JSON true, and the UTC day of date attributes whose
-- value is shaped like a day. Each build writes a new generation; older ones are deleted once it is recorded.

CREATE TABLE IF NOT EXISTS segment_contacts
(
    workspace_id UUID,
    generation UInt64,
    id UUID,
    email String,
    first_name String,
    last_name String,
    phone String,
    time_zone String,
    locale String,
    marketing_opt_in Bool,
    opt_in_at Nullable(DateTime64(3, 'UTC')),
    unsubscribed_at Nullable(DateTime64(3, 'UTC')),
    created_at DateTime64(3, 'UTC'),
    tags Array(String),
    attr_text Map(String, String),
    attr_number Map(String, Float64),
    attr_true Array(String),
    attr_day Map(String, String)
)
ENGINE = MergeTree()
ORDER BY (workspace_id, generation, id);
