-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "logSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "snapshotSeq" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "summary" JSONB,
ADD COLUMN     "summarySeq" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "ProjectUpdate" (
    "projectId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "origin" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectUpdate_pkey" PRIMARY KEY ("projectId","seq")
);

-- AddForeignKey
ALTER TABLE "ProjectUpdate" ADD CONSTRAINT "ProjectUpdate_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;
