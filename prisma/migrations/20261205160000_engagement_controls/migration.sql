-- Engagement controls: quiet hours and frequency caps (workspace, per-campaign override), holdout groups, A/B tests on
-- send steps, the per-contact send ledger the caps count, and the audit of what each control did to a send.
-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "capped_sends" TEXT NOT NULL DEFAULT 'defer',
ADD COLUMN     "holdout_percent" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "quiet_hours" TEXT NOT NULL DEFAULT 'workspace',
ADD COLUMN     "quiet_hours_end" TEXT,
ADD COLUMN     "quiet_hours_start" TEXT;

-- AlterTable
ALTER TABLE "flow_steps" ADD COLUMN     "ab_test" JSONB;

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "variant" INTEGER;

-- AlterTable
ALTER TABLE "workspaces" ADD COLUMN     "frequency_caps" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "quiet_hours_end" TEXT,
ADD COLUMN     "quiet_hours_start" TEXT;

-- CreateTable
CREATE TABLE "contact_sends" (
    "campaign_id" UUID NOT NULL,
    "step_index" INTEGER NOT NULL,
    "contact_id" UUID NOT NULL,
    "workspace_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contact_sends_pkey" PRIMARY KEY ("campaign_id","step_index","contact_id")
);

-- CreateTable
CREATE TABLE "send_controls" (
    "id" BIGSERIAL NOT NULL,
    "campaign_id" UUID NOT NULL,
    "contact_id" UUID NOT NULL,
    "step_index" INTEGER,
    "control" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "until" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "send_controls_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaign_experiments" (
    "campaign_id" UUID NOT NULL,
    "step_index" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "decide_at" TIMESTAMPTZ(3) NOT NULL,
    "winner" INTEGER,
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" TEXT,
    "result" JSONB,

    CONSTRAINT "campaign_experiments_pkey" PRIMARY KEY ("campaign_id","step_index")
);

-- CreateIndex
CREATE INDEX "contact_sends_workspace_id_contact_id_channel_sent_at_idx" ON "contact_sends"("workspace_id", "contact_id", "channel", "sent_at");

-- CreateIndex
CREATE INDEX "send_controls_campaign_id_contact_id_idx" ON "send_controls"("campaign_id", "contact_id");

-- CreateIndex
CREATE INDEX "send_controls_campaign_id_control_idx" ON "send_controls"("campaign_id", "control");

-- AddForeignKey
ALTER TABLE "send_controls" ADD CONSTRAINT "send_controls_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaign_experiments" ADD CONSTRAINT "campaign_experiments_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

