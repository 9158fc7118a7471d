-- Refresh runs: missed nights; analytics snapshots: the source fingerprint of the last refresh.

-- A night that no node ran within the catch-up window is recorded as missed (and alerted), so
-- the audit trail shows every scheduled night, run or not.
ALTER TABLE refresh_runs DROP CONSTRAINT refresh_runs_status_check;
ALTER TABLE refresh_runs ADD CONSTRAINT refresh_runs_status_check
    CHECK (status IN ('pending', 'running', 'completed', 'completed-with-errors', 'failed',
                      'timed-out', 'missed'));

-- The nodes look for abandoned runs every few seconds.
CREATE INDEX refresh_runs_running_idx ON refresh_runs (lease_expires_at) WHERE status = 'running';

-- What the source data of an organization looked like when it was last refreshed (counts, sums,
-- last updates). Within refresh.min-age an organization is skipped only if this is unchanged: a
-- refresh right after a change is not skipped as "fresh".
ALTER TABLE analytics_snapshots ADD COLUMN source_fingerprint text;
