-- An invalid e-mail address was rejected with the hint meant for identity
-- numbers ("Check the digits of the number."). Each kind of field now gets
-- its own hint; the checks themselves are unchanged.

create or replace function private.check_turkish_fields()
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
            when 'email' then 'Write the address as name@domain, e.g. ali@firma.com.tr.'
            else 'Check the digits of the number.'
          end;
    end if;
  end loop;

  return new;
end
$$;
