-- A workspace's analytics version: raised in the statement that marks a batch of its events shipped to ClickHouse,
-- so answers cached under one version are exact until the next (lib/analytics/answer-cache.ts).
CREATE TABLE "analytics_versions" (
    "workspace_id" UUID NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "analytics_versions_pkey" PRIMARY KEY ("workspace_id")
);

ALTER TABLE "analytics_versions" ADD CONSTRAINT "analytics_versions_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;
