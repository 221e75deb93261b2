-- Turkish search of meetings and actions ---------------------------------------
--
-- The admin searched meetings by subject and actions by title as typed, so
-- "gorusmesi" missed "görüşmesi" and "MÜŞTERİYİ" missed "müşteriyi". Both
-- tables get the folded search column that parties, staff and dealers have;
-- clients fold the query with foldTurkish() the same way.

alter table public.meetings add column search_text text not null
  generated always as (private.turkish_fold(subject)) stored;
comment on column public.meetings.search_text is
  'Turkish-folded subject for search: filter with ilike on a query folded by foldTurkish().';

alter table public.actions add column search_text text not null
  generated always as (private.turkish_fold(title)) stored;
comment on column public.actions.search_text is
  'Turkish-folded title for search: filter with ilike on a query folded by foldTurkish().';
