-- Market registration sync: differences between the market operator's
-- portfolio master data and our metering points, flagged for staff, and the
-- schedules of the sync-registrations edge function.

create table public.registration_discrepancies (
  id uuid primary key default gen_random_uuid(),
  metering_point_code text not null,
  metering_point_id uuid references public.metering_points (id) on delete cascade,
  field text not null check (field in (
    'missing_in_market_portfolio', 'not_in_our_portfolio', 'installation_number',
    'meter_serial', 'multiplier', 'distribution_region_code', 'voltage_level_code',
    'tax_id'
  )),
  our_value text,
  market_value text,
  detected_at timestamptz not null default now(),
  resolved_at timestamptz,
  unique (metering_point_code, field)
);
comment on table public.registration_discrepancies is
  'Differences between the market operator''s portfolio (membership and master data) and '
  'our metering points, one row per code and field; resolved_at is set once they agree.';

create index registration_discrepancies_metering_point_id_idx
  on public.registration_discrepancies (metering_point_id);

alter table public.registration_discrepancies enable row level security;

-- Only the sync-registrations function (service role) writes the flags: no
-- insert, update or delete policy and no write grant for API users.
create policy "Head-office staff can view registration discrepancies"
  on public.registration_discrepancies for select to authenticated
  using (
    (select private.app_role())
      in ('admin', 'manager', 'call_centre_agent', 'finance', 'operations')
  );

revoke insert, update, delete, truncate on public.registration_discrepancies
  from anon, authenticated;
revoke all on public.registration_discrepancies from anon;

-- Submission runs daily in the last days before the monthly deadline
-- (default day 20), so a batch goes out once its requests are in and a
-- failed day is repeated; results and portfolio entry are checked daily.
insert into public.scheduled_jobs
  (name, cron_expression, function_name, body, catch_up, timeout)
values
  ('sync-registrations-deadline', '0 18 17-20 * *', 'sync-registrations',
    '{"submit": true}'::jsonb, true, interval '10 minutes'),
  ('sync-registrations-daily', '0 7 * * *', 'sync-registrations',
    '{"submit": false}'::jsonb, true, interval '10 minutes');
