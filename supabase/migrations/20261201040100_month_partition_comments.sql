-- Every monthly partition gets a table comment naming its parent and month,
-- like every other table. private.ensure_month_partitions now writes it when
-- it creates a partition, and the partitions that exist already get theirs
-- here. Apart from the comment the function is unchanged.

create or replace function private.month_partition_comment(
  p_parent text,
  p_month date
)
returns text
language sql
immutable
parallel safe
set search_path = ''
as $$
  select pg_catalog.format(
    'Partition of %s for %s (Europe/Istanbul); read and write it through the parent table.',
    p_parent, pg_catalog.to_char(p_month, 'YYYY-MM')
  )
$$;

revoke all on function private.month_partition_comment(text, date)
  from public, anon, authenticated;

-- Creates the monthly partitions of `p_parent` that cover [p_from, p_to),
-- named <parent>_yYYYYmMM. Returns how many were created.
create or replace function private.ensure_month_partitions(
  p_parent regclass,
  p_from timestamptz,
  p_to timestamptz
)
returns integer
language plpgsql
set search_path = ''
as $$
declare
  v_schema text;
  v_table text;
  v_month date;
  v_last date;
  v_name text;
  v_created integer := 0;
begin
  select n.nspname, c.relname into v_schema, v_table
  from pg_catalog.pg_class c
  join pg_catalog.pg_namespace n on n.oid = c.relnamespace
  where c.oid = p_parent and c.relkind = 'p';

  if v_table is null then
    raise exception 'Table % is not partitioned', p_parent
      using errcode = '22023';
  end if;

  if p_to <= p_from then
    return 0;
  end if;

  v_month := date_trunc('month', p_from at time zone 'Europe/Istanbul')::date;
  v_last := date_trunc('month', (p_to - interval '1 microsecond')
    at time zone 'Europe/Istanbul')::date;

  while v_month <= v_last loop
    v_name := v_table || '_y' || to_char(v_month, 'YYYY') || 'm' || to_char(v_month, 'MM');

    if to_regclass(format('%I.%I', v_schema, v_name)) is null then
      execute format(
        'create table %I.%I partition of %I.%I for values from (%L) to (%L)',
        v_schema, v_name, v_schema, v_table,
        private.month_start(v_month),
        private.month_start((v_month + interval '1 month')::date)
      );
      -- Reads go through the parent, whose policies apply. A partition
      -- queried by name would have no policy of its own, so API roles get
      -- no access to it at all.
      execute format('alter table %I.%I enable row level security', v_schema, v_name);
      execute format('revoke all on %I.%I from anon, authenticated', v_schema, v_name);
      execute format(
        'comment on table %I.%I is %L',
        v_schema, v_name,
        private.month_partition_comment(format('%I.%I', v_schema, v_table), v_month)
      );
      v_created := v_created + 1;
    end if;

    v_month := (v_month + interval '1 month')::date;
  end loop;

  return v_created;
end;
$$;

-- Comments the monthly partitions created before this migration, known by
-- their <parent>_yYYYYmMM names. Their month is read from the lower bound
-- of the partition's range.
do $$
declare
  v_partition record;
begin
  for v_partition in
    select
      n.nspname as schema_name,
      c.relname as table_name,
      pg_catalog.format('%I.%I', pn.nspname, p.relname) as parent_name,
      (pg_catalog.regexp_match(
        pg_catalog.pg_get_expr(c.relpartbound, c.oid),
        'FROM \(''([^'']+)''\)'
      ))[1]::timestamptz as lower_bound
    from pg_catalog.pg_inherits i
    join pg_catalog.pg_class c on c.oid = i.inhrelid
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    join pg_catalog.pg_class p on p.oid = i.inhparent
    join pg_catalog.pg_namespace pn on pn.oid = p.relnamespace
    where n.nspname = 'public'
      and c.relispartition
      and pg_catalog.obj_description(c.oid, 'pg_class') is null
      and c.relname ~ '_y[0-9]{4}m[0-9]{2}$'
  loop
    if v_partition.lower_bound is not null then
      execute pg_catalog.format(
        'comment on table %I.%I is %L',
        v_partition.schema_name, v_partition.table_name,
        private.month_partition_comment(
          v_partition.parent_name,
          (v_partition.lower_bound at time zone 'Europe/Istanbul')::date
        )
      );
    end if;
  end loop;
end
$$;
