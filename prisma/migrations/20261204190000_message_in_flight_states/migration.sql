-- AlterEnum
ALTER TYPE "MessageStatus" ADD VALUE 'sending';
ALTER TYPE "MessageStatus" ADD VALUE 'uncertain';
