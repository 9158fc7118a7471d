-- One full refresh run (every active organization) at a time across the cluster. The nodes
-- insert a run with ON CONFLICT DO NOTHING: when a full run is under way, a second one is not
-- inserted, whichever node asks, and the API answers 409 with the run that is under way.
-- A run of named organizations (organization_ids set) may run beside it.

-- Full runs left running side by side before this constraint: the newest keeps running (its
-- lease is renewed or taken over), the others end as failed.
UPDATE refresh_runs
SET status = 'failed', phase = 'finished', ended_at = now(), lease_expires_at = NULL,
    error = 'ended: another full run was under way at the same time'
WHERE status = 'running' AND organization_ids IS NULL
  AND id <> (SELECT id FROM refresh_runs
             WHERE status = 'running' AND organization_ids IS NULL
             ORDER BY created_at DESC, id LIMIT 1);

CREATE UNIQUE INDEX refresh_runs_one_full_run_idx ON refresh_runs ((true))
    WHERE status = 'running' AND organization_ids IS NULL;
