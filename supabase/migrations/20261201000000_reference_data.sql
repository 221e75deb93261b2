-- Reference data of the Turkish electricity market that every other table
-- refers to: distribution regions, subscriber groups, voltage levels and the
-- time zones of three-time tariffs. Codes are stable identifiers used in
-- imports and APIs; names are shown to people.

create schema if not exists private;
comment on schema private is
  'Helpers, triggers and internal tables; not exposed through the REST API.';
grant usage on schema private to anon, authenticated, service_role;

create table public.distribution_regions (
  code text primary key check (code ~ '^[a-z_]+$'),
  name text not null unique,
  company_name text not null,
  epias_distribution_id integer unique,
  provinces_note text
);
comment on table public.distribution_regions is
  'The 21 electricity distribution regions and their distribution companies (EDAŞ).';

insert into public.distribution_regions
  (code, name, company_name, epias_distribution_id, provinces_note)
values
  ('adm', 'ADM', 'ADM Elektrik Dağıtım A.Ş.', 1005, 'Aydın, Denizli, Muğla'),
  ('akdeniz', 'Akdeniz', 'Akdeniz Elektrik Dağıtım A.Ş.', 1006, 'Antalya, Burdur, Isparta'),
  ('akedas', 'AKEDAŞ', 'AKEDAŞ Elektrik Dağıtım A.Ş.', 1004, 'Kahramanmaraş, Adıyaman'),
  ('aras', 'Aras', 'Aras Elektrik Dağıtım A.Ş.', 1012, 'Erzurum, Kars, Ağrı, Iğdır, Ardahan, Bayburt, Erzincan'),
  ('baskent', 'Başkent', 'Başkent Elektrik Dağıtım A.Ş.', 1010, 'Ankara, Zonguldak, Karabük, Bartın, Kastamonu, Çankırı, Kırıkkale'),
  ('bogazici', 'Boğaziçi', 'Boğaziçi Elektrik Dağıtım A.Ş. (BEDAŞ)', 1023, 'İstanbul Avrupa Yakası'),
  ('dicle', 'Dicle', 'Dicle Elektrik Dağıtım A.Ş.', 1007, 'Diyarbakır, Şanlıurfa, Mardin, Batman, Siirt, Şırnak'),
  ('firat', 'Fırat', 'Fırat Elektrik Dağıtım A.Ş.', 1008, 'Elazığ, Malatya, Bingöl, Tunceli'),
  ('gediz', 'Gediz', 'Gediz Elektrik Dağıtım A.Ş. (GDZ)', 1024, 'İzmir, Manisa'),
  ('kayseri', 'Kayseri ve Civarı', 'Kayseri ve Civarı Elektrik T.A.Ş.', 1011, 'Kayseri'),
  ('meram', 'Meram', 'Meram Elektrik Dağıtım A.Ş.', 1021, 'Konya, Aksaray, Karaman, Kırşehir, Nevşehir, Niğde'),
  ('osmangazi', 'Osmangazi', 'Osmangazi Elektrik Dağıtım A.Ş.', 1014, 'Eskişehir, Afyonkarahisar, Bilecik, Kütahya, Uşak'),
  ('sakarya', 'Sakarya', 'Sakarya Elektrik Dağıtım A.Ş.', 1013, 'Sakarya, Kocaeli, Düzce, Bolu'),
  ('toroslar', 'Toroslar', 'Toroslar Elektrik Dağıtım A.Ş.', 1017, 'Adana, Mersin, Hatay, Gaziantep, Osmaniye, Kilis'),
  ('trakya', 'Trakya', 'Trakya Elektrik Dağıtım A.Ş.', 1022, 'Edirne, Kırklareli, Tekirdağ'),
  ('uludag', 'Uludağ', 'Uludağ Elektrik Dağıtım A.Ş.', 1016, 'Bursa, Balıkesir, Çanakkale, Yalova'),
  ('van_golu', 'Van Gölü', 'Van Gölü Elektrik Dağıtım A.Ş.', 1015, 'Van, Bitlis, Muş, Hakkari'),
  ('yesilirmak', 'Yeşilırmak', 'Yeşilırmak Elektrik Dağıtım A.Ş.', 1019, 'Samsun, Ordu, Çorum, Amasya, Sinop'),
  ('camlibel', 'Çamlıbel', 'Çamlıbel Elektrik Dağıtım A.Ş.', 1020, 'Sivas, Tokat, Yozgat'),
  ('coruh', 'Çoruh', 'Çoruh Elektrik Dağıtım A.Ş.', 1018, 'Trabzon, Rize, Artvin, Giresun, Gümüşhane'),
  ('ayedas', 'İstanbul Anadolu Yakası', 'İstanbul Anadolu Yakası Elektrik Dağıtım A.Ş. (AYEDAŞ)', 1009, 'İstanbul Anadolu Yakası');

create table public.subscriber_groups (
  code text primary key check (code ~ '^[a-z_]+$'),
  name_tr text not null unique,
  name_en text not null unique,
  sort_order smallint not null
);
comment on table public.subscriber_groups is
  'Subscriber groups (abone grupları) of the regulated tariff.';

insert into public.subscriber_groups (code, name_tr, name_en, sort_order) values
  ('mesken', 'Mesken', 'Residential', 1),
  ('ticarethane', 'Ticarethane', 'Commercial', 2),
  ('sanayi', 'Sanayi', 'Industrial', 3),
  ('tarimsal_sulama', 'Tarımsal Sulama', 'Agricultural irrigation', 4),
  ('aydinlatma', 'Aydınlatma', 'Lighting', 5),
  ('kamu_diger', 'Kamu ve Özel Hizmetler ile Diğer', 'Public and other', 6);

create table public.voltage_levels (
  code text primary key check (code in ('AG', 'OG')),
  name_tr text not null,
  name_en text not null
);
comment on table public.voltage_levels is
  'Connection voltage levels: AG low voltage, OG medium voltage.';

insert into public.voltage_levels (code, name_tr, name_en) values
  ('AG', 'Alçak Gerilim', 'Low voltage'),
  ('OG', 'Orta Gerilim', 'Medium voltage');

-- Each zone is a daily span of local time; T3 crosses midnight, so it is
-- given as a start and a length rather than a start and an end label.
create table public.time_zones (
  code text primary key check (code in ('T1', 'T2', 'T3')),
  name_tr text not null,
  name_en text not null,
  starts_at time not null,
  span interval not null check (span > interval '0' and span <= interval '24 hours')
);
comment on table public.time_zones is
  'Time zones of three-time tariffs in Europe/Istanbul local time: T1 day, T2 peak, T3 night.';

insert into public.time_zones (code, name_tr, name_en, starts_at, span) values
  ('T1', 'Gündüz', 'Day', '06:00', interval '11 hours'),
  ('T2', 'Puant', 'Peak', '17:00', interval '5 hours'),
  ('T3', 'Gece', 'Night', '22:00', interval '8 hours');

-- The zone of a local clock hour (0–23).
create function public.time_zone_of_hour(local_hour integer)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select case
    when local_hour between 6 and 16 then 'T1'
    when local_hour between 17 and 21 then 'T2'
    when local_hour between 0 and 23 then 'T3'
  end
$$;
comment on function public.time_zone_of_hour(integer) is
  'Returns T1, T2 or T3 for a local hour 0–23 (T1 06–17, T2 17–22, T3 22–06); null otherwise.';

alter table public.distribution_regions enable row level security;
alter table public.subscriber_groups enable row level security;
alter table public.voltage_levels enable row level security;
alter table public.time_zones enable row level security;

-- Reference rows are read by every signed-in user and changed only by
-- migrations or the service role, so no write policy exists.
create policy "Signed-in users can view distribution regions"
  on public.distribution_regions for select to authenticated using (true);
create policy "Signed-in users can view subscriber groups"
  on public.subscriber_groups for select to authenticated using (true);
create policy "Signed-in users can view voltage levels"
  on public.voltage_levels for select to authenticated using (true);
create policy "Signed-in users can view time zones"
  on public.time_zones for select to authenticated using (true);
