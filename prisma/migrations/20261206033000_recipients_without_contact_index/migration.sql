-- Recipients are found by contact only on a contact's page, which probes each campaign by primary key instead;
-- the index cost every activation and every state change one more entry per row.
DROP INDEX "campaign_recipients_contact_id_idx";
