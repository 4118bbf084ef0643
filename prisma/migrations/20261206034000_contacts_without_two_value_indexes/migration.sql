-- A workspace's opt-in flag has two values and its contacts a handful of zones: these indexes never narrow a count
-- enough to beat a scan (a segment count over 1M contacts took 630–700 ms through the opt-in one, 330 ms without it),
-- while every import and contact write paid two more index entries per row.
DROP INDEX "contacts_workspace_id_marketing_opt_in_idx";
DROP INDEX "contacts_workspace_id_time_zone_idx";
