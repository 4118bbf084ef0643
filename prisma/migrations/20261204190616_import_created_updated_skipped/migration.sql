-- AlterTable
ALTER TABLE "contact_imports" ADD COLUMN     "created_rows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "skipped_rows" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "updated_rows" INTEGER NOT NULL DEFAULT 0;
