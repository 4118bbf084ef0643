-- Segment counts read a columnar copy of a workspace's contacts while the copy is current. Every statement that writes
-- contacts notes its transaction here, once per workspace it touched; a copy read in snapshot S is current while every
-- noted transaction is visible in S. Nothing here locks: transactions insert distinct keys.
CREATE TABLE "contact_changes" (
    "workspace_id" UUID NOT NULL,
    "xid" BIGINT NOT NULL,

    CONSTRAINT "contact_changes_pkey" PRIMARY KEY ("workspace_id","xid")
);

CREATE TABLE "contact_copies" (
    "workspace_id" UUID NOT NULL,
    "generation" BIGINT,
    "snapshot" TEXT,
    "contacts" INTEGER NOT NULL DEFAULT 0,
    "built_at" TIMESTAMPTZ(3),
    "requested_at" TIMESTAMPTZ(3),
    "epoch" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "contact_copies_pkey" PRIMARY KEY ("workspace_id")
);

ALTER TABLE "contact_copies" ADD CONSTRAINT "contact_copies_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Why statement-level with transition tables: an import of a million rows notes its transaction once per statement,
-- not once per row.
CREATE FUNCTION note_contact_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO contact_changes (workspace_id, xid)
  SELECT DISTINCT workspace_id, pg_current_xact_id()::text::bigint FROM changed_contacts
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;

CREATE TRIGGER contacts_inserted AFTER INSERT ON contacts REFERENCING NEW TABLE AS changed_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION note_contact_changes();
CREATE TRIGGER contacts_updated AFTER UPDATE ON contacts REFERENCING NEW TABLE AS changed_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION note_contact_changes();
CREATE TRIGGER contacts_deleted AFTER DELETE ON contacts REFERENCING OLD TABLE AS changed_contacts
  FOR EACH STATEMENT EXECUTE FUNCTION note_contact_changes();
