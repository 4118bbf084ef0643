/*
  Warnings:

  - You are about to drop the column `file_path` on the `contact_imports` table. All the data in the column will be lost.

*/
-- AlterEnum
ALTER TYPE "ImportStatus" ADD VALUE 'uploading';

-- AlterTable
ALTER TABLE "contact_imports" DROP COLUMN "file_path";

-- CreateTable
CREATE TABLE "import_chunks" (
    "import_id" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "import_chunks_pkey" PRIMARY KEY ("import_id","index")
);

-- CreateIndex
CREATE INDEX "contact_imports_status_created_at_idx" ON "contact_imports"("status", "created_at");

-- AddForeignKey
ALTER TABLE "import_chunks" ADD CONSTRAINT "import_chunks_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "contact_imports"("id") ON DELETE CASCADE ON UPDATE CASCADE;
