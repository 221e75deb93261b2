-- Unpriced months: a fast path for periods inside the published prices -------
--
-- price_offer names every month it cannot price before pricing, by counting
-- the published PTF and SMF hours of each month. For an offer on a year of
-- published prices that took about 10 ms of the 50 ms an offer may take.
-- Prices are imported in whole periods, so the hours between the first and
-- the last published hour of both series are normally all published, and a
-- period inside them is not counted. A period that reaches outside them is
-- counted month by month as before. Should a month inside lack prices after
-- all, pricing still stops at that month with the same message, naming that
-- month alone.

alter function private.unpriced_months(tstzrange[]) rename to unpriced_months_counted;

create function private.unpriced_months(p_spans tstzrange[])
returns date[]
language plpgsql
stable
set search_path = ''
as $$
declare
  v_from timestamptz := (select min(lower(s)) from unnest(p_spans) s);
  v_to timestamptz := (select max(upper(s)) from unnest(p_spans) s);
begin
  if v_from >= (select min(p.hour_start) from public.ptf_hourly_prices p)
    and v_to <= (select max(p.hour_start) from public.ptf_hourly_prices p) + interval '1 hour'
    and v_from >= (select min(s.hour_start) from public.smf_hourly_prices s)
    and v_to <= (select max(s.hour_start) from public.smf_hourly_prices s) + interval '1 hour'
  then
    return '{}';
  end if;

  return private.unpriced_months_counted(p_spans);
end;
$$;

revoke all on function private.unpriced_months(tstzrange[]) from public, anon;
grant execute on function private.unpriced_months(tstzrange[]) to authenticated, service_role;
