-- Job runs of uploaded files: who uploaded them and a name without the
-- upload's folder.
--
-- import-market-file names its runs "import-market-file:<upload id>/<file
-- name>", because the job name must be unique per upload (one running run
-- per job name). display_name drops the upload id so that lists show the
-- file name, as "import-market-file: ptf-mart-2031.csv". Other job names
-- are shown as they are.

comment on column public.job_runs.triggered_by_staff_id is
  'The staff member who started the run: the admin of a run_now run or the '
  'uploader of a market file import; null for scheduled runs.';

alter table public.job_runs
  add column display_name text generated always as (
    regexp_replace(
      job_name,
      '^([^:]+):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/',
      '\1: '
    )
  ) stored;
comment on column public.job_runs.display_name is
  'The job name without the upload id of an uploaded file''s run, for lists.';
