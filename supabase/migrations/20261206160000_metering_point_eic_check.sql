-- Metering point codes are EICs (ENTSO-E Energy Identification Codes), and
-- the market operator issues only codes whose check character is right and
-- is not "-". Until now only the shape of the code was checked, so a typing
-- error or a made-up code was stored and failed later at market
-- registration. shared/eic.ts is the same rule for forms and the seed.

-- Valid EIC: 2 digits (issuing office), a capital letter (object type),
-- 12 of 0–9, A–Z, "-", and the check character of the first 15. Each
-- character has a value (0–9, A–Z as 10–35, "-" as 36) and is weighted
-- 16 down to 2; the check value is 36 − ((sum − 1) mod 37) in the same
-- alphabet. A check value of 36 ("-") is never issued, so the last
-- character must be a digit or a letter.
create function private.is_valid_eic(code text)
returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  alphabet constant text := '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-';
  total integer := 0;
begin
  if code is null or code !~ '^[0-9]{2}[A-Z][0-9A-Z-]{12}[0-9A-Z]$' then
    return false;
  end if;

  for position in 1..15 loop
    total := total
      + (strpos(alphabet, substr(code, position, 1)) - 1) * (17 - position);
  end loop;

  return substr(alphabet, 37 - (total - 1) % 37, 1) = substr(code, 16, 1);
end
$$;
comment on function private.is_valid_eic(text) is
  'Returns true for a 16-character EIC whose check character is right (and not "-").';

-- The new check contains the old pattern check, which goes so that a bad
-- code gets one error with one constraint name.
alter table public.metering_points drop constraint metering_points_code_check;

-- NOT VALID: rows inserted or updated from now on are checked, existing
-- rows are not, because production may hold codes typed before this check.
-- Such a row cannot be updated until its code is corrected. List them with
--   select id, code from public.metering_points
--   where not private.is_valid_eic(code);
-- Once that query returns no row, `alter table public.metering_points
-- validate constraint metering_points_code_eic_check` checks every row.
alter table public.metering_points
  add constraint metering_points_code_eic_check
  check (private.is_valid_eic(code)) not valid;

comment on column public.metering_points.code is
  'EIC of the metering point: 16 characters, the last a check character '
  '(private.is_valid_eic).';
