-- DropIndex
DROP INDEX "Run_projectId_authorId_createdAt_id_idx";

-- DropIndex
DROP INDEX "Run_projectId_bestMetric_id_idx";

-- DropIndex
DROP INDEX "Run_projectId_createdAt_id_idx";

-- DropIndex
DROP INDEX "Run_projectId_datasetId_createdAt_id_idx";

-- DropIndex
DROP INDEX "Run_projectId_status_createdAt_id_idx";

-- DropIndex
DROP INDEX "Run_projectId_versionId_createdAt_id_idx";

-- CreateIndex
CREATE INDEX "Run_projectId_createdAt_id_idx" ON "Run"("projectId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_bestMetric_id_idx" ON "Run"("projectId", "bestMetric", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_status_createdAt_id_idx" ON "Run"("projectId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_status_bestMetric_id_idx" ON "Run"("projectId", "status", "bestMetric", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_status_durationMs_id_idx" ON "Run"("projectId", "status", "durationMs", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_authorId_createdAt_id_idx" ON "Run"("projectId", "authorId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_authorId_bestMetric_id_idx" ON "Run"("projectId", "authorId", "bestMetric", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_authorId_durationMs_id_idx" ON "Run"("projectId", "authorId", "durationMs", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_datasetId_createdAt_id_idx" ON "Run"("projectId", "datasetId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_datasetId_bestMetric_id_idx" ON "Run"("projectId", "datasetId", "bestMetric", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_datasetId_durationMs_id_idx" ON "Run"("projectId", "datasetId", "durationMs", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_versionId_createdAt_id_idx" ON "Run"("projectId", "versionId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_versionId_bestMetric_id_idx" ON "Run"("projectId", "versionId", "bestMetric", "id");

-- CreateIndex
CREATE INDEX "Run_projectId_versionId_durationMs_id_idx" ON "Run"("projectId", "versionId", "durationMs", "id");
