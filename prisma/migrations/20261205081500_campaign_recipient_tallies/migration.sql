-- Recipients per campaign and state, kept as deltas written by the statement that changes a state, in its own
-- transaction: the stats read a few rows instead of counting every recipient. Append-only, so concurrent dispatchers
-- never wait on one another's counter row; compactRecipientTallies folds the deltas up.
CREATE TABLE "campaign_recipient_tallies" (
    "id" BIGSERIAL NOT NULL,
    "campaign_id" UUID NOT NULL,
    "state" "RecipientState" NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "campaign_recipient_tallies_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "campaign_recipient_tallies_campaign_id_idx" ON "campaign_recipient_tallies"("campaign_id");

ALTER TABLE "campaign_recipient_tallies" ADD CONSTRAINT "campaign_recipient_tallies_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One function for the three triggers: each statement adds what it brought in and takes away what it moved out.
CREATE FUNCTION tally_recipient_states() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO campaign_recipient_tallies (campaign_id, state, delta)
      SELECT campaign_id, state, count(*) FROM new_rows GROUP BY campaign_id, state;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO campaign_recipient_tallies (campaign_id, state, delta)
      SELECT campaign_id, state, -count(*) FROM old_rows GROUP BY campaign_id, state;
  ELSE
    INSERT INTO campaign_recipient_tallies (campaign_id, state, delta)
      SELECT campaign_id, state, sum(d) FROM (
        SELECT campaign_id, state, 1 AS d FROM new_rows
        UNION ALL
        SELECT campaign_id, state, -1 AS d FROM old_rows
      ) moved
      GROUP BY campaign_id, state
      HAVING sum(d) <> 0;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER campaign_recipients_tally_insert AFTER INSERT ON "campaign_recipients"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_recipient_states();
CREATE TRIGGER campaign_recipients_tally_update AFTER UPDATE ON "campaign_recipients"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_recipient_states();
CREATE TRIGGER campaign_recipients_tally_delete AFTER DELETE ON "campaign_recipients"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_recipient_states();

-- Campaigns activated before this migration start from their current counts.
INSERT INTO campaign_recipient_tallies (campaign_id, state, delta)
  SELECT r.campaign_id, r.state, count(*) FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id GROUP BY r.campaign_id, r.state;
