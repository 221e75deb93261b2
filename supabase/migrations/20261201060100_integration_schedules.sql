-- Schedules of the market price and meter reading imports (cron in
-- Europe/Istanbul time). Both functions are idempotent and resume a run
-- that stopped, so a second slot costs nothing but a repeat and repairs a
-- first slot that failed or was stopped at the wall-clock limit.
--
-- fetch-market-prices: the day-ahead market publishes tomorrow's PTF
-- around 14:00, so the import runs at 14:30 (today and tomorrow) and again
-- at 16:30 in case publication was late.
-- fetch-readings: distribution companies make yesterday's load profiles
-- available overnight, so the import runs at 02:30 and 05:30.
insert into public.scheduled_jobs
  (name, cron_expression, function_name, body, catch_up, timeout)
values
  ('fetch-market-prices-daily', '30 14,16 * * *', 'fetch-market-prices', '{}'::jsonb,
    true, interval '5 minutes'),
  ('fetch-readings-nightly', '30 2,5 * * *', 'fetch-readings', '{}'::jsonb,
    true, interval '15 minutes');
