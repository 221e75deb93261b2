-- Party search also matches the customer code and the VKN or TCKN, so a
-- user can paste either into the same search box as a name. The search
-- column is rebuilt because Postgres 15 cannot change the expression of a
-- generated column in place.
--
-- A generated column cannot read another generated column, so the customer
-- code expression is repeated here. It must stay equal to the expression of
-- parties.customer_code.

drop index public.parties_search_text_idx;

alter table public.parties drop column search_text;

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
