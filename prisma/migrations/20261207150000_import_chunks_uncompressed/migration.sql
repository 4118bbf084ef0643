-- Uploaded pieces are kept only until their import finishes: compressing each 4 MB piece on the way in and
-- decompressing it on the way out cost more CPU than the disk it saves for those minutes (a 1M-row upload stored
-- its 21 pieces in 0.57 s compressed, 0.37 s not).
ALTER TABLE "import_chunks" ALTER COLUMN "bytes" SET STORAGE EXTERNAL;
