-- Turkish text handling and the checks of Turkish identifiers: a Turkish ICU
-- collation for sorting, a case folding for search that treats İ, I, ı and i
-- as one letter, the check-digit algorithms of VKN, TCKN and IBAN, and a
-- generic trigger that rejects a row whose field fails its check with a
-- message naming the table, the field and the value.

create collation if not exists public.tr_icu (provider = icu, locale = 'tr-TR');

-- Trigram indexes make `search_text ilike '%…%'` fast on long lists.
create extension if not exists pg_trgm with schema extensions;
comment on collation public.tr_icu is
  'Turkish alphabetical order (ç after c, ğ after g, ı before i, ö after o, ş after s, ü after u).';

-- Folds text for case-insensitive search: İ, I, ı, i become i, â î û lose
-- their circumflex, a decomposed dot above is dropped, the rest is
-- lower-cased. shared/turkish.ts foldTurkish() is the same function for
-- clients, which fold the query before `search_text=ilike.*<query>*`.
create function private.turkish_fold(value text)
returns text
language plpgsql
immutable
parallel safe
strict
set search_path = ''
as $$
begin
  return lower(
    translate(normalize(value, nfc), 'İIıÂâÎîÛû' || U&'\0307', 'iiiaaiiuu')
  );
end
$$;
comment on function private.turkish_fold(text) is
  'Returns the Turkish search form of a text: İ/I/ı/i folded to i, circumflexes dropped, lower case.';

-- Display helpers that follow Turkish case rules: IŞIK → Işık, ilker → İLKER.
create function public.turkish_upper(value text)
returns text
language sql
immutable
parallel safe
strict
set search_path = ''
as $$
  select upper(value collate public.tr_icu)
$$;
comment on function public.turkish_upper(text) is
  'Returns the text in capitals by Turkish rules (i → İ, ı → I).';

create function public.turkish_title_case(value text)
returns text
language sql
immutable
parallel safe
strict
set search_path = ''
as $$
  select string_agg(
    upper(left(word, 1) collate public.tr_icu)
      || lower(substr(word, 2) collate public.tr_icu),
    ' ' order by position
  )
  from unnest(string_to_array(value, ' ')) with ordinality as words (word, position)
$$;
comment on function public.turkish_title_case(text) is
  'Returns each space-separated word with a capital first letter by Turkish rules (IŞIK → Işık).';

-- VKN: 10 digits; the tenth is computed from the first nine by the Revenue
-- Administration's algorithm.
create function private.is_valid_vkn(value text)
returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  total integer := 0;
  shifted integer;
  weighted integer;
begin
  if value is null or value !~ '^[0-9]{10}$' then
    return false;
  end if;

  for position in 1..9 loop
    shifted := (substr(value, position, 1)::integer + 10 - position) % 10;
    weighted := (shifted * (2 ^ (10 - position))::integer) % 9;
    if shifted <> 0 and weighted = 0 then
      weighted := 9;
    end if;
    total := total + weighted;
  end loop;

  return (10 - total % 10) % 10 = substr(value, 10, 1)::integer;
end
$$;
comment on function private.is_valid_vkn(text) is
  'Returns true for a 10-digit tax number (VKN) whose check digit is right.';

-- TCKN: 11 digits, no leading zero; digit 10 is (7 × odd-position sum −
-- even-position sum) mod 10 over digits 1–9, digit 11 the sum of digits
-- 1–10 mod 10.
create function private.is_valid_tckn(value text)
returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
declare
  digits integer[];
  odd_sum integer;
  even_sum integer;
begin
  if value is null or value !~ '^[1-9][0-9]{10}$' then
    return false;
  end if;

  digits := array(select d::integer from regexp_split_to_table(value, '') as d);
  odd_sum := digits[1] + digits[3] + digits[5] + digits[7] + digits[9];
  even_sum := digits[2] + digits[4] + digits[6] + digits[8];

  return ((odd_sum * 7 - even_sum) % 10 + 10) % 10 = digits[10]
    and (odd_sum + even_sum + digits[10]) % 10 = digits[11];
end
$$;
comment on function private.is_valid_tckn(text) is
  'Returns true for an 11-digit national id (TCKN) whose two check digits are right.';

-- Turkish IBAN: TR, 2 check digits, 5-digit bank code, a reserved 0 and a
-- 16-digit account number; valid when the ISO 13616 mod-97 remainder is 1.
create function private.is_valid_iban(value text)
returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
begin
  return coalesce(
    value ~ '^TR[0-9]{7}0[0-9]{16}$'
      and (substr(value, 5) || '2927' || substr(value, 3, 2))::numeric % 97 = 1,
    false
  );
end
$$;
comment on function private.is_valid_iban(text) is
  'Returns true for a 26-character Turkish IBAN (TR) with a right mod-97 check.';

-- E.164: a plus sign, a country code and at most 15 digits in all; Turkish
-- numbers (+90) have exactly ten digits after the country code.
create function private.is_valid_e164(value text)
returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
begin
  return coalesce(
    value ~ '^\+[1-9][0-9]{7,14}$'
      and (value !~ '^\+90' or value ~ '^\+90[2-9][0-9]{9}$'),
    false
  );
end
$$;
comment on function private.is_valid_e164(text) is
  'Returns true for a phone number in E.164 form; +90 numbers need ten national digits.';

create function private.is_valid_email(value text)
returns boolean
language plpgsql
immutable
parallel safe
set search_path = ''
as $$
begin
  return coalesce(value ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$', false);
end
$$;
comment on function private.is_valid_email(text) is
  'Returns true for a plausible e-mail address (one @, a dot in the domain, no spaces).';

-- Trigger that checks the fields named in its arguments, each as
-- '<column>:<kind>' with kind vkn, tckn, iban, phone or email. An IBAN is
-- stored without spaces in capitals. A failing value raises check_violation
-- (23514) with a message such as "invalid VKN in parties.vkn: 1234567890".
create function private.check_turkish_fields()
returns trigger
language plpgsql
set search_path = ''
as $$
declare
  spec text;
  field text;
  kind text;
  value text;
  valid boolean;
  label text;
  row_data jsonb := to_jsonb(new);
begin
  foreach spec in array tg_argv loop
    field := split_part(spec, ':', 1);
    kind := split_part(spec, ':', 2);
    value := row_data ->> field;
    continue when value is null;

    if kind = 'iban' then
      value := upper(regexp_replace(value, '\s', '', 'g'));
      new := jsonb_populate_record(new, jsonb_build_object(field, value));
    end if;

    valid := case kind
      when 'vkn' then private.is_valid_vkn(value)
      when 'tckn' then private.is_valid_tckn(value)
      when 'iban' then private.is_valid_iban(value)
      when 'phone' then private.is_valid_e164(value)
      when 'email' then private.is_valid_email(value)
    end;
    if valid is null then
      raise exception 'check_turkish_fields: unknown kind % for %.%', kind, tg_table_name, field;
    end if;

    if not valid then
      label := case kind
        when 'vkn' then 'VKN'
        when 'tckn' then 'TCKN'
        when 'iban' then 'IBAN'
        when 'phone' then 'phone number'
        when 'email' then 'e-mail address'
      end;
      raise exception 'invalid % in %.%: %', label, tg_table_name, field, value
        using
          errcode = 'check_violation',
          table = tg_table_name,
          column = field,
          hint = case kind
            when 'phone' then 'Write the number in E.164 form, e.g. +905321234567.'
            when 'iban' then 'A Turkish IBAN is TR followed by 24 digits.'
            else 'Check the digits of the number.'
          end;
    end if;
  end loop;

  return new;
end
$$;
comment on function private.check_turkish_fields() is
  'Trigger: validates the columns given as <column>:<kind> arguments (vkn, tckn, iban, phone, email).';

-- Keeps updated_at current on every update.
create function private.set_updated_at()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();

  return new;
end
$$;
