-- AlterEnum
ALTER TYPE "JobStatus" ADD VALUE 'cancelled';

-- AlterTable
ALTER TABLE "jobs" ADD COLUMN     "result" JSONB,
ADD COLUMN     "steps" JSONB NOT NULL DEFAULT '{}';
