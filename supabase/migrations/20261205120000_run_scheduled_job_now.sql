-- Lets an admin start a scheduled job once, now, from the admin.
--
-- public.run_scheduled_job_now records the run in public.job_runs as a
-- scheduled slot is recorded (one running run per job, a skipped run when
-- one is already running), with trigger_kind 'run_now' and the admin's
-- staff id. On Supabase it calls the job's edge function through pg_net,
-- with the same request as private.fire_scheduled_job, and
-- private.reconcile_job_runs (pg_cron, every minute) records the response.
-- Where pg_net is missing, as in the local stack, the run stays running
-- without a pg_net request id, and the stack's scheduler, which looks for
-- such runs every second, makes the call and records its outcome.

alter table public.job_runs
  drop constraint job_runs_trigger_kind_check,
  add constraint job_runs_trigger_kind_check
    check (trigger_kind in ('schedule', 'manual', 'run_now'));

alter table public.job_runs
  add column triggered_by_staff_id uuid references public.staff (id) on delete set null;
comment on column public.job_runs.triggered_by_staff_id is
  'The staff member who started a run_now run; null for other runs.';

create index job_runs_triggered_by_staff_id_idx
  on public.job_runs (triggered_by_staff_id);

-- Calls the edge function of a running run_now run through pg_net, as
-- private.fire_scheduled_job calls it for a scheduled slot. Without the
-- Vault secrets the run fails at once with the reason.
create function private.post_job_run_request(p_job_run_id uuid)
returns void
language plpgsql
set search_path = ''
as $$
declare
  v_run public.job_runs;
  v_job public.scheduled_jobs;
  v_project_url text;
  v_service_role_key text;
  v_request_id bigint;
begin
  select * into v_run from public.job_runs where job_run_id = p_job_run_id;
  select * into v_job from public.scheduled_jobs where name = v_run.job_name;

  select decrypted_secret into v_project_url
  from vault.decrypted_secrets where name = 'project_url';
  select decrypted_secret into v_service_role_key
  from vault.decrypted_secrets where name = 'service_role_key';
  if v_project_url is null or v_service_role_key is null then
    update public.job_runs
    set status = 'failed', finished_at = pg_catalog.now(),
        updated_at = pg_catalog.now(),
        error = 'Vault secrets project_url and service_role_key are required '
          'to call edge functions from the database'
    where job_run_id = p_job_run_id;

    return;
  end if;

  v_request_id := net.http_post(
    url => pg_catalog.rtrim(v_project_url, '/') || '/functions/v1/'
      || v_job.function_name,
    body => v_job.body,
    headers => pg_catalog.jsonb_build_object(
      'Content-Type', 'application/json',
      'Authorization', 'Bearer ' || v_service_role_key,
      'x-job-run-id', p_job_run_id::text
    ),
    timeout_milliseconds => (extract(epoch from v_job.timeout) * 1000)::integer
  );

  update public.job_runs
  set net_request_id = v_request_id
  where job_run_id = p_job_run_id;
end
$$;

-- Starts one run of a scheduled job now, also of a disabled one, and
-- returns its run: status 'running', or 'skipped' when a run of the job is
-- already running. Only admins may call it.
create function public.run_scheduled_job_now(p_job_name text)
returns public.job_runs
language plpgsql
security definer
set search_path = ''
as $$
declare
  v_job public.scheduled_jobs;
  v_staff_id uuid := (select private.staff_id());
  v_run public.job_runs;
begin
  if (select private.app_role()) is distinct from 'admin' then
    raise exception 'Only admins can run a scheduled job now'
      using errcode = '42501';
  end if;

  select * into v_job from public.scheduled_jobs where name = p_job_name;
  if v_job.name is null then
    raise exception 'Scheduled job % not found', p_job_name
      using errcode = 'P0002';
  end if;

  -- The unique index on running runs turns a second concurrent start into
  -- no row, which is then recorded as skipped.
  insert into public.job_runs (
    job_name, function_name, trigger_kind, triggered_by_staff_id
  )
  values (p_job_name, v_job.function_name, 'run_now', v_staff_id)
  on conflict do nothing
  returning * into v_run;

  if v_run.job_run_id is null then
    insert into public.job_runs (
      job_name, function_name, trigger_kind, triggered_by_staff_id,
      status, finished_at, error
    )
    values (
      p_job_name, v_job.function_name, 'run_now', v_staff_id,
      'skipped', pg_catalog.now(), 'A run of this job is already running'
    )
    returning * into v_run;

    return v_run;
  end if;

  if to_regnamespace('net') is not null then
    perform private.post_job_run_request(v_run.job_run_id);
    select * into v_run from public.job_runs where job_run_id = v_run.job_run_id;
  end if;

  return v_run;
end
$$;

revoke all on function private.post_job_run_request(uuid) from public, anon, authenticated;
revoke all on function public.run_scheduled_job_now(text) from public, anon;
grant execute on function public.run_scheduled_job_now(text) to authenticated;
