-- Search without Turkish letters -----------------------------------------------
--
-- Users often type on keyboards without Turkish letters, so "insaat" must find
-- "İnşaat" and "isik" must find "Işık". The search form now also folds Ç, Ğ,
-- Ö, Ş and Ü to c, g, o, s and u, as shared/turkish.ts folds queries.
--
-- The search columns are generated from private.turkish_fold, and a stored
-- generated column keeps the value computed when its row was written. Each is
-- dropped and added again so every row is folded the new way; Postgres 15
-- cannot change the expression of a generated column in place.

create or replace function private.turkish_fold(value text)
returns text
language plpgsql
immutable
parallel safe
strict
set search_path = ''
as $$
begin
  return lower(
    translate(
      normalize(value, nfc),
      'İIıÂâÎîÛûÇçĞğÖöŞşÜü' || U&'\0307',
      'iiiaaiiuuccggoossuu'
    )
  );
end
$$;
comment on function private.turkish_fold(text) is
  'Returns the search form of a text: İ, I, ı, Ç, Ğ, Ö, Ş, Ü folded to i, i, i, c, g, o, s, u, '
  'circumflexes dropped, lower case.';

alter table public.staff drop column search_text;
alter table public.staff add column search_text text not null
  generated always as (private.turkish_fold(full_name)) stored;

alter table public.dealers drop column search_text;
alter table public.dealers add column search_text text not null
  generated always as (private.turkish_fold(name)) stored;

drop index public.parties_search_text_idx;
alter table public.parties drop column search_text;

-- The customer code expression must stay equal to that of parties.customer_code.
alter table public.parties add column search_text text not null generated always as (
  private.turkish_fold(
    name
    || ' ' || 'C' || upper(left(md5(kind || ':' || coalesce(vkn, tckn)), 10))
    || ' ' || coalesce(vkn, tckn)
  )
) stored;

comment on column public.parties.search_text is
  'Turkish-folded name, customer code and VKN or TCKN, separated by spaces, for search: '
  'filter with ilike on a query folded by foldTurkish(). A short query of the letters a-f '
  'or digits can also match inside a code or tax number.';

create index parties_search_text_idx on public.parties
  using gin (search_text extensions.gin_trgm_ops);
