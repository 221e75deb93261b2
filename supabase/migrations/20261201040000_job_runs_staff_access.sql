-- Staff access to job runs, scheduled jobs and the supplier's own pricing
-- inputs, now that the staff role model exists.
--
-- Job runs and scheduled jobs: admins, managers and operations staff read
-- them, to follow imports and scheduled work. Admins may pause or reschedule
-- a job (enabled, cron_expression) but not add or remove one, because each
-- job calls an edge function that ships with the code. Runs are written only
-- by the scheduler and the jobs themselves (service role).
--
-- Forward price expectations and price rules: admins and managers add,
-- change and remove them; every signed-in user still reads them. Until now
-- only the service role wrote them.

-- Job runs and scheduled jobs ------------------------------------------------

create policy "Admins, managers and operations can view job runs"
  on public.job_runs for select to authenticated
  using ((select private.app_role()) in ('admin', 'manager', 'operations'));

create policy "Admins, managers and operations can view scheduled jobs"
  on public.scheduled_jobs for select to authenticated
  using ((select private.app_role()) in ('admin', 'manager', 'operations'));

create policy "Admins can update scheduled jobs"
  on public.scheduled_jobs for update to authenticated
  using ((select private.app_role()) = 'admin')
  with check ((select private.app_role()) = 'admin');

-- Only the columns an admin may change are granted, so that a changed
-- function name or body cannot make the scheduler call other code.
revoke insert, update, delete, truncate on public.job_runs from anon, authenticated;
revoke insert, update, delete, truncate on public.scheduled_jobs from anon, authenticated;
grant update (enabled, cron_expression) on public.scheduled_jobs to authenticated;

-- The triggers on scheduled_jobs call helpers that API roles may not
-- execute (the cron matcher and the pg_cron registration), so they run as
-- their owner. Their bodies are unchanged.
create or replace function private.check_scheduled_job()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.cron_matches(new.cron_expression, '2000-01-01'::timestamp);
  new.updated_at := pg_catalog.now();

  return new;
end
$$;

create or replace function private.register_scheduled_jobs_after_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  perform private.register_scheduled_jobs();

  return null;
end
$$;

-- Forward price expectations and price rules ---------------------------------

create policy "Admins and managers can add forward price expectations"
  on public.forward_price_expectations for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'manager'));

create policy "Admins and managers can update forward price expectations"
  on public.forward_price_expectations for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager'))
  with check ((select private.app_role()) in ('admin', 'manager'));

create policy "Admins and managers can delete forward price expectations"
  on public.forward_price_expectations for delete to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));

create policy "Admins and managers can add price rules"
  on public.price_rules for insert to authenticated
  with check ((select private.app_role()) in ('admin', 'manager'));

create policy "Admins and managers can update price rules"
  on public.price_rules for update to authenticated
  using ((select private.app_role()) in ('admin', 'manager'))
  with check ((select private.app_role()) in ('admin', 'manager'));

create policy "Admins and managers can delete price rules"
  on public.price_rules for delete to authenticated
  using ((select private.app_role()) in ('admin', 'manager'));

grant select, insert, update, delete on
  public.forward_price_expectations, public.price_rules
  to authenticated;
revoke truncate on public.forward_price_expectations, public.price_rules
  from authenticated;
