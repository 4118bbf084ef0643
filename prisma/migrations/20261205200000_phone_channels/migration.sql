-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "FlowStepType" ADD VALUE 'SEND_SMS';
ALTER TYPE "FlowStepType" ADD VALUE 'SEND_WHATSAPP';
ALTER TYPE "FlowStepType" ADD VALUE 'PLACE_CALL';

-- AlterTable
ALTER TABLE "contacts" ADD COLUMN     "call_opt_in" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sms_opt_in" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "whatsapp_opt_in" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "flow_steps" ADD COLUMN     "call_policy" JSONB;

-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "answers" JSONB,
ADD COLUMN     "call_outcome" TEXT,
ADD COLUMN     "duration_seconds" INTEGER,
ADD COLUMN     "intent" TEXT;

-- AlterTable
ALTER TABLE "templates" ADD COLUMN     "content" JSONB;

-- CreateTable
CREATE TABLE "provider_callbacks" (
    "provider_id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_callbacks_pkey" PRIMARY KEY ("provider_id","event")
);

-- CreateIndex
CREATE INDEX "contacts_phone_idx" ON "contacts"("phone");

