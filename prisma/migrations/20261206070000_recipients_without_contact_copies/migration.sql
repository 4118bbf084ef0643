-- Recipients read the workspace and the address from their contact (the claim already joins it), so activation
-- writes narrower rows.
ALTER TABLE "campaign_recipients" DROP COLUMN "email",
DROP COLUMN "workspace_id";
