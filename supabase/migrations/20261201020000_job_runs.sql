-- Scheduled jobs and the record of every run of a scheduled or long job.
--
-- Schedules live only in public.scheduled_jobs. The local stack's scheduler
-- reads them directly; on Supabase, where pg_cron and pg_net exist, a
-- dispatcher registered with pg_cron fires them (see the end of this file).
-- Cron expressions are evaluated in Europe/Istanbul time on both.

create schema if not exists private;

create table public.scheduled_jobs (
  name text primary key check (name ~ '^[a-z0-9][a-z0-9_-]*$'),
  cron_expression text not null,
  function_name text not null check (function_name ~ '^[A-Za-z0-9][A-Za-z0-9_-]*$'),
  body jsonb not null default '{}'::jsonb,
  enabled boolean not null default true,
  catch_up boolean not null default false,
  timeout interval not null default interval '60 seconds'
    check (timeout > interval '0' and timeout <= interval '15 minutes'),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
comment on table public.scheduled_jobs is
  'Jobs that call an edge function on a cron schedule (5 fields, Europe/Istanbul '
  'time). catch_up = true runs the slots missed while the scheduler was down; '
  'timeout bounds the HTTP call.';

create table public.job_runs (
  job_run_id uuid primary key default gen_random_uuid(),
  job_name text not null,
  function_name text,
  trigger_kind text not null default 'manual'
    check (trigger_kind in ('schedule', 'manual')),
  parent_job_run_id uuid references public.job_runs (job_run_id) on delete set null,
  scheduled_for timestamptz,
  started_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz,
  status text not null default 'running'
    check (status in ('running', 'succeeded', 'failed', 'timed_out', 'skipped')),
  progress_done integer not null default 0 check (progress_done >= 0),
  progress_total integer check (progress_total >= 0),
  counts jsonb not null default '{}'::jsonb,
  error text,
  resume_cursor jsonb,
  http_status integer,
  net_request_id bigint,
  check ((status = 'running') = (finished_at is null))
);
comment on table public.job_runs is
  'One row per run of a scheduled job or a long job: status, progress, counts, '
  'the cursor to resume from, and for scheduled calls the HTTP status received.';

-- At most one run of a job is running at a time, and one scheduled slot is
-- fired once even when two schedulers race for it.
create unique index job_runs_one_running_per_job_idx
  on public.job_runs (job_name) where status = 'running';
create unique index job_runs_one_per_scheduled_slot_idx
  on public.job_runs (job_name, scheduled_for) where scheduled_for is not null;
create index job_runs_job_name_started_at_idx
  on public.job_runs (job_name, started_at desc);
create index job_runs_parent_job_run_id_idx
  on public.job_runs (parent_job_run_id);

alter table public.scheduled_jobs enable row level security;
alter table public.job_runs enable row level security;

-- NOTE: no policies yet, so only the service role (which bypasses RLS) and
-- the database owner read or change these tables. Staff access comes with
-- the role model: replace this note with a select policy per staff role then.

-- The advisory lock key of a job. The process running a job holds this
-- session-level lock for the run's duration, so a run whose process died
-- (the lock was released with its connection) can be told from a live one.
create function private.job_lock_key(p_job_name text)
returns bigint
language sql
immutable
set search_path = ''
as $$
  select pg_catalog.hashtextextended('job_runs:' || p_job_name, 0)
$$;

-- True while some session holds the job's lock, that is while a live
-- process runs the job.
create function private.job_is_running(p_job_name text)
returns boolean
language sql
stable
set search_path = ''
as $$
  select exists (
    select
    from pg_catalog.pg_locks as l
    where l.locktype = 'advisory'
      and l.objsubid = 1
      and l.granted
      and ((l.classid::bigint << 32) | l.objid::bigint)
        = private.job_lock_key(p_job_name)
  )
$$;

-- Opens a run of a job on the caller's connection and takes the job's lock
-- for it. Returns the new row: status 'running' with the cursor and progress
-- of the last unfinished run (so work resumes where it stopped), or status
-- 'skipped' when a live process is already running the job. Returns no row
-- when the scheduled slot was already fired by another process.
create function private.open_job_run(
  p_job_name text,
  p_function_name text default null,
  p_trigger_kind text default 'manual',
  p_scheduled_for timestamptz default null,
  p_parent_job_run_id uuid default null
)
returns setof public.job_runs
language plpgsql
set search_path = ''
as $$
declare
  v_resume public.job_runs;
  v_run public.job_runs;
begin
  -- The parent id arrives in a request header, so an unknown id is dropped
  -- rather than failing the run on the foreign key.
  p_parent_job_run_id := (
    select r.job_run_id
    from public.job_runs as r
    where r.job_run_id = p_parent_job_run_id
  );

  -- Openings of one job take turns until their transaction commits, so each
  -- sees the run rows the previous one wrote. Without this, a second opener
  -- could record a slot as skipped before the first opener's running row
  -- for that slot became visible.
  perform pg_catalog.pg_advisory_xact_lock(
    pg_catalog.hashtextextended('job_runs_open:' || p_job_name, 0)
  );

  if not pg_catalog.pg_try_advisory_lock(private.job_lock_key(p_job_name)) then
    return query
      insert into public.job_runs as r (
        job_name, function_name, trigger_kind, scheduled_for,
        parent_job_run_id, status, finished_at, error
      )
      values (
        p_job_name, p_function_name, p_trigger_kind, p_scheduled_for,
        p_parent_job_run_id, 'skipped', pg_catalog.now(),
        'A run of this job is already running'
      )
      on conflict do nothing
      returning r.*;

    return;
  end if;

  -- A scheduled call made through pg_net holds no lock: its run stays
  -- running until private.reconcile_job_runs() records the response.
  if exists (
    select
    from public.job_runs as r
    where r.job_name = p_job_name
      and r.status = 'running'
      and r.net_request_id is not null
  ) then
    perform pg_catalog.pg_advisory_unlock(private.job_lock_key(p_job_name));

    return query
      insert into public.job_runs as r (
        job_name, function_name, trigger_kind, scheduled_for,
        parent_job_run_id, status, finished_at, error
      )
      values (
        p_job_name, p_function_name, p_trigger_kind, p_scheduled_for,
        p_parent_job_run_id, 'skipped', pg_catalog.now(),
        'A run of this job is already running'
      )
      on conflict do nothing
      returning r.*;

    return;
  end if;

  -- Other runs still marked running have lost their process, because the
  -- lock was free.
  update public.job_runs
  set status = 'failed',
      finished_at = pg_catalog.now(),
      updated_at = pg_catalog.now(),
      error = 'The process running this job stopped before the run finished'
  where job_name = p_job_name
    and status = 'running';

  -- The cursor to resume from: the latest run that stopped unfinished after
  -- the last successful one.
  select r.* into v_resume
  from public.job_runs as r
  where r.job_name = p_job_name
    and r.status in ('failed', 'timed_out')
    and r.resume_cursor is not null
    and r.started_at > coalesce(
      (
        select max(s.started_at)
        from public.job_runs as s
        where s.job_name = p_job_name
          and s.status = 'succeeded'
      ),
      '-infinity'
    )
  order by r.started_at desc
  limit 1;

  insert into public.job_runs as r (
    job_name, function_name, trigger_kind, scheduled_for, parent_job_run_id,
    resume_cursor, progress_done, progress_total, counts
  )
  values (
    p_job_name, p_function_name, p_trigger_kind, p_scheduled_for,
    p_parent_job_run_id, v_resume.resume_cursor,
    coalesce(v_resume.progress_done, 0), v_resume.progress_total,
    coalesce(v_resume.counts, '{}'::jsonb)
  )
  on conflict do nothing
  returning r.* into v_run;

  if v_run.job_run_id is null then
    perform pg_catalog.pg_advisory_unlock(private.job_lock_key(p_job_name));

    return;
  end if;

  return next v_run;
end
$$;

-- Closes a run opened on this connection and releases the job's lock.
create function private.finish_job_run(
  p_job_run_id uuid,
  p_status text,
  p_error text default null,
  p_http_status integer default null
)
returns public.job_runs
language plpgsql
set search_path = ''
as $$
declare
  v_run public.job_runs;
begin
  if p_status not in ('succeeded', 'failed', 'timed_out') then
    raise exception 'Invalid final status %: expected succeeded, failed or timed_out',
      p_status
      using errcode = '22023';
  end if;

  update public.job_runs
  set status = p_status,
      finished_at = pg_catalog.now(),
      updated_at = pg_catalog.now(),
      error = p_error,
      http_status = p_http_status
  where job_run_id = p_job_run_id
    and status = 'running'
  returning * into v_run;

  if v_run.job_run_id is null then
    raise exception 'Job run % is not running', p_job_run_id
      using errcode = '55000';
  end if;

  perform pg_catalog.pg_advisory_unlock(private.job_lock_key(v_run.job_name));

  return v_run;
end
$$;

revoke all on function private.job_lock_key(text),
  private.job_is_running(text),
  private.open_job_run(text, text, text, timestamptz, uuid),
  private.finish_job_run(uuid, text, text, integer)
  from public, anon, authenticated;
