-- Runs public.scheduled_jobs on Supabase with pg_cron and pg_net.
--
-- pg_cron evaluates schedules in UTC, while our cron expressions are in
-- Europe/Istanbul time, so instead of one pg_cron entry per job a single
-- dispatcher runs every minute and fires the jobs whose expression matches
-- the current Istanbul minute. pg_net calls are asynchronous: a second
-- pg_cron entry copies each response (status code, timeout) into job_runs,
-- so a call that timed out is recorded as timed_out, never as a success.
--
-- The local Postgres has neither extension: the functions are created
-- everywhere (and the cron matcher is tested locally), but registration
-- only happens where the cron and net schemas exist. The functions read the
-- project URL and the service role key from Vault, as secrets named
-- project_url and service_role_key.

-- True when one field of a cron expression (numbers, *, lists, ranges and
-- steps) matches `p_value`.
create function private.cron_field_matches(
  p_field text,
  p_value integer,
  p_min integer,
  p_max integer
)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_part text;
  v_match text[];
  v_from integer;
  v_to integer;
  v_step integer;
begin
  foreach v_part in array pg_catalog.string_to_array(p_field, ',') loop
    v_match := pg_catalog.regexp_match(
      v_part, '^(\*|(\d+)(?:-(\d+))?)(?:/(\d+))?$'
    );
    if v_match is null then
      raise exception 'Invalid cron field "%": expected numbers, *, ranges, lists or steps',
        p_field
        using errcode = '22023';
    end if;
    v_step := coalesce(v_match[4]::integer, 1);
    if v_match[1] = '*' then
      v_from := p_min;
      v_to := p_max;
    else
      v_from := v_match[2]::integer;
      -- "a/n" runs from a to the field's maximum, as in Vixie cron.
      v_to := coalesce(
        v_match[3]::integer,
        case when v_match[4] is null then v_from else p_max end
      );
    end if;
    if v_from < p_min or v_to > p_max or v_from > v_to or v_step < 1 then
      raise exception 'Invalid cron field "%": values must lie in %-%',
        p_field, p_min, p_max
        using errcode = '22023';
    end if;
    if p_value between v_from and v_to and (p_value - v_from) % v_step = 0 then
      return true;
    end if;
  end loop;

  return false;
end
$$;

-- True when a five-field cron expression matches the local time `p_at`
-- (minute precision). When both day of month and day of week are
-- restricted, either may match, as in Vixie cron; 0 and 7 are Sunday.
create function private.cron_matches(p_expression text, p_at timestamp)
returns boolean
language plpgsql
immutable
set search_path = ''
as $$
declare
  v_fields text[] := pg_catalog.regexp_split_to_array(
    pg_catalog.btrim(p_expression), '\s+'
  );
  v_dow integer := extract(dow from p_at)::integer;
  v_day_of_month boolean;
  v_day_of_week boolean;
begin
  if pg_catalog.array_length(v_fields, 1) <> 5 then
    raise exception 'Invalid cron expression "%": expected 5 fields', p_expression
      using errcode = '22023';
  end if;
  if not private.cron_field_matches(v_fields[1], extract(minute from p_at)::integer, 0, 59)
    or not private.cron_field_matches(v_fields[2], extract(hour from p_at)::integer, 0, 23)
    or not private.cron_field_matches(v_fields[4], extract(month from p_at)::integer, 1, 12)
  then
    return false;
  end if;

  v_day_of_month := private.cron_field_matches(
    v_fields[3], extract(day from p_at)::integer, 1, 31
  );
  v_day_of_week := private.cron_field_matches(v_fields[5], v_dow, 0, 7)
    or (v_dow = 0 and private.cron_field_matches(v_fields[5], 7, 0, 7));
  if v_fields[3] <> '*' and v_fields[5] <> '*' then
    return v_day_of_month or v_day_of_week;
  end if;

  return v_day_of_month and v_day_of_week;
end
$$;

-- Rejects an invalid cron expression when a job is saved.
create function private.check_scheduled_job()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.cron_matches(new.cron_expression, '2000-01-01'::timestamp);
  new.updated_at := pg_catalog.now();

  return new;
end
$$;

create trigger scheduled_jobs_check_before_write
  before insert or update on public.scheduled_jobs
  for each row execute function private.check_scheduled_job();

-- Fires one scheduled slot of a job through pg_net.
create function private.fire_scheduled_job(p_job_name text, p_slot timestamptz)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_job public.scheduled_jobs;
  v_job_run_id uuid;
  v_project_url text;
  v_service_role_key text;
  v_request_id bigint;
begin
  select * into v_job from public.scheduled_jobs where name = p_job_name;
  if v_job.name is null then
    return;
  end if;

  if exists (
    select from public.job_runs where job_name = p_job_name and status = 'running'
  ) then
    insert into public.job_runs (
      job_name, function_name, trigger_kind, scheduled_for, status,
      finished_at, error
    )
    values (
      p_job_name, v_job.function_name, 'schedule', p_slot, 'skipped',
      pg_catalog.now(), 'A run of this job is already running'
    )
    on conflict do nothing;

    return;
  end if;

  insert into public.job_runs (job_name, function_name, trigger_kind, scheduled_for)
  values (p_job_name, v_job.function_name, 'schedule', p_slot)
  on conflict do nothing
  returning job_run_id into v_job_run_id;
  if v_job_run_id is null then
    return;
  end if;

  select decrypted_secret into v_project_url
  from vault.decrypted_secrets where name = 'project_url';
  select decrypted_secret into v_service_role_key
  from vault.decrypted_secrets where name = 'service_role_key';
  if v_project_url is null or v_service_role_key is null then
    update public.job_runs
    set status = 'failed', finished_at = pg_catalog.now(),
        error = 'Vault secrets project_url and service_role_key are required '
          'to call edge functions from pg_cron'
    where job_run_id = v_job_run_id;

    return;
  end if;

  v_request_id := net.http_post(
    url => pg_catalog.rtrim(v_project_url, '/') || '/functions/v1/'
      || v_job.function_name,
    body => v_job.body,
    headers => pg_catalog.jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || v_service_role_key,
      'x-job-run-id', v_job_run_id::text
    ),
    timeout_milliseconds => (extract(epoch from v_job.timeout) * 1000)::integer
  );

  update public.job_runs
  set net_request_id = v_request_id
  where job_run_id = v_job_run_id;
end
$$;

-- Fires the jobs due at the current minute in Europe/Istanbul time. Jobs
-- with catch_up also fire slots missed in the last 24 hours, oldest first
-- and one per minute; other jobs skip missed slots.
create function private.dispatch_scheduled_jobs()
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_now timestamptz := pg_catalog.date_trunc('minute', pg_catalog.now());
  v_job record;
  v_slot timestamptz;
begin
  -- Record finished calls first, so that a call that ended since the last
  -- minute does not count as running and make this minute's slot skip.
  perform private.reconcile_job_runs();

  for v_job in
    select
      j.name,
      j.cron_expression,
      j.catch_up,
      coalesce(
        (select max(r.scheduled_for) from public.job_runs as r where r.job_name = j.name),
        j.created_at
      ) as last_slot
    from public.scheduled_jobs as j
    where j.enabled
  loop
    v_slot := null;
    if v_job.catch_up then
      select min(m.slot) into v_slot
      from pg_catalog.generate_series(
        pg_catalog.date_trunc(
          'minute', greatest(v_job.last_slot, v_now - interval '24 hours')
        ) + interval '1 minute',
        v_now,
        interval '1 minute'
      ) as m (slot)
      where m.slot > v_job.last_slot
        and private.cron_matches(
          v_job.cron_expression, m.slot at time zone 'Europe/Istanbul'
        );
    elsif v_now > v_job.last_slot
      and private.cron_matches(
        v_job.cron_expression, v_now at time zone 'Europe/Istanbul'
      )
    then
      v_slot := v_now;
    end if;

    if v_slot is not null then
      perform private.fire_scheduled_job(v_job.name, v_slot);
    end if;
  end loop;
end
$$;

-- Copies pg_net responses into the runs that made the calls. A response
-- without a status code (pg_net's "Timeout was reached") is timed_out; a
-- call with no response long after its timeout is timed_out as well.
create function private.reconcile_job_runs()
returns void
language plpgsql
set search_path = ''
as $$
begin
  update public.job_runs as r
  set status = case
        when response.status_code between 200 and 299 then 'succeeded'
        when response.status_code is null
          and (coalesce(response.timed_out, false)
            or response.error_msg ilike '%timeout%')
          then 'timed_out'
        else 'failed'
      end,
      http_status = response.status_code,
      error = case
        when response.status_code between 200 and 299 then null
        else coalesce(
          response.error_msg,
          'HTTP ' || response.status_code || ': ' || left(response.content, 2000)
        )
      end,
      finished_at = pg_catalog.now(),
      updated_at = pg_catalog.now()
  from net._http_response as response
  where response.id = r.net_request_id
    and r.status = 'running';

  update public.job_runs as r
  set status = 'timed_out',
      error = 'No response was recorded by pg_net within the job''s timeout',
      finished_at = pg_catalog.now(),
      updated_at = pg_catalog.now()
  from public.scheduled_jobs as j
  where j.name = r.job_name
    and r.status = 'running'
    and r.net_request_id is not null
    and r.started_at < pg_catalog.now() - j.timeout - interval '5 minutes';
end
$$;

-- Registers the dispatcher and the reconciler with pg_cron. Returns false
-- (and changes nothing) where pg_cron or pg_net is missing, as locally.
create function private.register_scheduled_jobs()
returns boolean
language plpgsql
set search_path = ''
as $$
begin
  if to_regnamespace('cron') is null or to_regnamespace('net') is null then
    return false;
  end if;

  -- cron.schedule with a job name replaces an existing entry of that name.
  perform cron.schedule(
    'dispatch-scheduled-jobs', '* * * * *',
    'select private.dispatch_scheduled_jobs()'
  );
  perform cron.schedule(
    'reconcile-job-runs', '* * * * *',
    'select private.reconcile_job_runs()'
  );

  return true;
end
$$;

-- Any change to the schedules makes sure the dispatcher is registered; the
-- dispatcher reads the table each minute, so edits take effect at once.
create function private.register_scheduled_jobs_after_change()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform private.register_scheduled_jobs();

  return null;
end
$$;

create trigger scheduled_jobs_register_after_change
  after insert or update or delete on public.scheduled_jobs
  for each statement execute function private.register_scheduled_jobs_after_change();

do $$
begin
  if exists (select from pg_available_extensions where name = 'pg_cron')
    and exists (select from pg_available_extensions where name = 'pg_net')
  then
    create extension if not exists pg_cron with schema pg_catalog;
    create extension if not exists pg_net with schema extensions;
    perform private.register_scheduled_jobs();
  end if;
end
$$;

revoke all on function private.cron_field_matches(text, integer, integer, integer),
  private.cron_matches(text, timestamp),
  private.fire_scheduled_job(text, timestamptz),
  private.dispatch_scheduled_jobs(),
  private.reconcile_job_runs(),
  private.register_scheduled_jobs()
  from public, anon, authenticated;
