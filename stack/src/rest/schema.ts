// The schema cache: what PostgREST learns about the exposed schemas by
// introspection, loaded once and reloaded on NOTIFY pgrst.
import type pg from "pg";

export type Column = {
  name: string;
  type: string;
  typeOid: number;
  nullable: boolean;
  default: string | null;
  description: string | null;
  position: number;
  enumValues: string[] | null;
};

export type Table = {
  schema: string;
  name: string;
  kind: "table" | "view";
  insertable: boolean;
  columns: Column[];
  columnMap: Map<string, Column>;
  primaryKey: string[];
  uniqueKeys: string[][];
  description: string | null;
};

export type ForeignKey = {
  name: string;
  table: Table;
  columns: string[];
  foreign: Table;
  foreignColumns: string[];
};

export type FunctionParam = {
  name: string;
  type: string;
  typeOid: number;
  hasDefault: boolean;
  variadic: boolean;
};

export type DbFunction = {
  schema: string;
  name: string;
  oid: number;
  params: FunctionParam[];
  returnType: string;
  returnTypeOid: number;
  returnsSet: boolean;
  returnsTable: Table | undefined; // a composite return of a known relation
  returnsComposite: boolean;
  singleRow: boolean; // ROWS 1: a to-one computed relationship
  returnColumns: Column[] | null; // out params or composite attributes
  volatility: "i" | "s" | "v";
  description: string | null;
};

export type SchemaCache = {
  tables: Map<string, Table>; // key "schema.name"
  foreignKeys: ForeignKey[];
  functions: Map<string, DbFunction[]>; // key "schema.name"
  schemaDescriptions: Map<string, string | null>;
  // settings of each role (alter role ... set), applied when switching to it
  roleSettings: Map<string, Array<[string, string]>>;
};

export const key = (schema: string, name: string) => `${schema}.${name}`;

const TABLES_SQL = `
select n.nspname as schema, c.relname as name, c.oid::int8 as oid,
  case when c.relkind in ('v','m') then 'view' else 'table' end as kind,
  c.relkind in ('r','p') or (c.relkind in ('v','f') and
    pg_relation_is_updatable(c.oid::regclass, true) & 8 = 8) as insertable,
  obj_description(c.oid, 'pg_class') as description,
  coalesce((select json_agg(json_build_object(
      'name', a.attname,
      'type', format_type(a.atttypid, a.atttypmod),
      'typeOid', a.atttypid::int8,
      'nullable', not a.attnotnull,
      'default', pg_get_expr(d.adbin, d.adrelid),
      'description', col_description(c.oid, a.attnum),
      'position', a.attnum,
      'enumValues', (select json_agg(e.enumlabel order by e.enumsortorder)
                     from pg_enum e where e.enumtypid = a.atttypid)
    ) order by a.attnum)
    from pg_attribute a
    left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped), '[]') as columns,
  coalesce((select json_agg(json_build_object('type', k.contype, 'columns',
      (select json_agg(a.attname order by array_position(k.conkey, a.attnum))
       from pg_attribute a where a.attrelid = c.oid and a.attnum = any(k.conkey))))
    from pg_constraint k where k.conrelid = c.oid and k.contype in ('p','u')), '[]') as keys
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r','v','m','f','p') and n.nspname = any($1)
`;

const FOREIGN_KEYS_SQL = `
select k.conname as name, sn.nspname as schema, s.relname as table,
  fn.nspname as foreign_schema, f.relname as foreign_table,
  (select json_agg(a.attname order by u.i) from unnest(k.conkey) with ordinality u(n, i)
     join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.n) as columns,
  (select json_agg(a.attname order by u.i) from unnest(k.confkey) with ordinality u(n, i)
     join pg_attribute a on a.attrelid = k.confrelid and a.attnum = u.n) as foreign_columns
from pg_constraint k
join pg_class s on s.oid = k.conrelid join pg_namespace sn on sn.oid = s.relnamespace
join pg_class f on f.oid = k.confrelid join pg_namespace fn on fn.oid = f.relnamespace
where k.contype = 'f'
`;

// For views: which base-table column each view column shows, as far as the
// dependency records tell (a view column named like a base column it reads).
// NOTE: a renamed column in a view loses its key here, where PostgREST
// follows the view definition.
const VIEW_COLUMNS_SQL = `
select distinct vn.nspname as view_schema, v.relname as view_name,
  tn.nspname as table_schema, t.relname as table_name, ta.attname as column_name
from pg_class v
join pg_namespace vn on vn.oid = v.relnamespace
join pg_rewrite r on r.ev_class = v.oid
join pg_depend d on d.objid = r.oid and d.classid = 'pg_rewrite'::regclass
  and d.refclassid = 'pg_class'::regclass and d.refobjsubid > 0
join pg_class t on t.oid = d.refobjid and t.oid <> v.oid
join pg_namespace tn on tn.oid = t.relnamespace
join pg_attribute ta on ta.attrelid = t.oid and ta.attnum = d.refobjsubid
join pg_attribute va on va.attrelid = v.oid and va.attname = ta.attname
where v.relkind in ('v','m') and vn.nspname = any($1)
`;

const FUNCTIONS_SQL = `
select n.nspname as schema, p.proname as name, p.oid::int8 as oid,
  p.proretset as returns_set, p.provolatile as volatility,
  format_type(p.prorettype, null) as return_type, p.prorettype::int8 as return_type_oid,
  t.typtype = 'c' or (t.typtype = 'p' and t.typname = 'record') as returns_composite,
  tn.nspname as return_schema, tc.relname as return_relation,
  obj_description(p.oid, 'pg_proc') as description,
  p.pronargdefaults as nargdefaults, p.prorows as rows,
  coalesce((select json_agg(json_build_object(
      'name', coalesce(p.proargnames[u.i], ''),
      'type', format_type(u.t, null), 'typeOid', u.t::int8,
      'mode', coalesce(p.proargmodes[u.i], 'i')) order by u.i)
    from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality u(t, i)), '[]') as args,
  (select json_agg(json_build_object('name', a.attname, 'type', format_type(a.atttypid, a.atttypmod),
      'typeOid', a.atttypid::int8, 'nullable', not a.attnotnull) order by a.attnum)
    from pg_attribute a where a.attrelid = t.typrelid and a.attnum > 0 and not a.attisdropped) as composite_columns
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_type t on t.oid = p.prorettype
left join pg_class tc on tc.oid = t.typrelid
left join pg_namespace tn on tn.oid = tc.relnamespace
where n.nspname = any($1) and p.prokind = 'f'
`;

type Row = Record<string, unknown>;

export async function loadSchemaCache(
  client: pg.ClientBase,
  schemas: string[],
): Promise<SchemaCache> {
  const tables = new Map<string, Table>();
  const { rows: tableRows } = await client.query(TABLES_SQL, [schemas]);
  for (const row of tableRows as Row[]) {
    const columns = (row.columns as Row[]).map(
      (column): Column => ({
        name: column.name as string,
        type: column.type as string,
        typeOid: Number(column.typeOid),
        nullable: column.nullable as boolean,
        default: (column.default as string | null) ?? null,
        description: (column.description as string | null) ?? null,
        position: column.position as number,
        enumValues: (column.enumValues as string[] | null) ?? null,
      }),
    );
    const keys = row.keys as Array<{ type: string; columns: string[] }>;
    const primary = keys.find((entry) => entry.type === "p");
    const table: Table = {
      schema: row.schema as string,
      name: row.name as string,
      kind: row.kind as "table" | "view",
      insertable: row.insertable as boolean,
      columns,
      columnMap: new Map(columns.map((column) => [column.name, column])),
      primaryKey: primary?.columns ?? [],
      uniqueKeys: keys.map((entry) => entry.columns),
      description: (row.description as string | null) ?? null,
    };
    tables.set(key(table.schema, table.name), table);
  }

  const foreignKeys: ForeignKey[] = [];
  const { rows: fkRows } = await client.query(FOREIGN_KEYS_SQL);
  for (const row of fkRows as Row[]) {
    const table = tables.get(key(row.schema as string, row.table as string));
    const foreign = tables.get(
      key(row.foreign_schema as string, row.foreign_table as string),
    );
    if (table && foreign) {
      foreignKeys.push({
        name: row.name as string,
        table,
        columns: row.columns as string[],
        foreign,
        foreignColumns: row.foreign_columns as string[],
      });
    }
  }

  // Views inherit the keys of the tables whose columns they show unchanged.
  const { rows: viewRows } = await client.query(VIEW_COLUMNS_SQL, [schemas]);
  const viewSources = new Map<string, Map<string, Set<string>>>();
  for (const row of viewRows as Row[]) {
    const viewKey = key(row.view_schema as string, row.view_name as string);
    const tableKey = key(row.table_schema as string, row.table_name as string);
    const bySource = viewSources.get(viewKey) ?? new Map();
    const columns = bySource.get(tableKey) ?? new Set<string>();
    columns.add(row.column_name as string);
    bySource.set(tableKey, columns);
    viewSources.set(viewKey, bySource);
  }
  const baseKeys = [...foreignKeys];
  for (const [viewKey, bySource] of viewSources) {
    const view = tables.get(viewKey);
    if (!view) {
      continue;
    }
    for (const [tableKey, columns] of bySource) {
      const base = tables.get(tableKey);
      if (!base) {
        continue;
      }
      const covers = (list: string[]) =>
        list.length > 0 && list.every((column) => columns.has(column));
      if (view.primaryKey.length === 0 && covers(base.primaryKey)) {
        view.primaryKey = base.primaryKey;
      }
      for (const unique of base.uniqueKeys) {
        if (covers(unique)) {
          view.uniqueKeys.push(unique);
        }
      }
      for (const fk of baseKeys) {
        if (fk.table === base && covers(fk.columns)) {
          foreignKeys.push({ ...fk, table: view });
        }
        if (fk.foreign === base && covers(fk.foreignColumns)) {
          foreignKeys.push({ ...fk, foreign: view });
        }
      }
    }
  }
  // Keys between two views over related tables.
  for (const fk of [...foreignKeys]) {
    if (fk.table.kind === "view" && fk.foreign.kind === "table") {
      for (const other of foreignKeys) {
        if (
          other.name === fk.name &&
          other.table.kind === "table" &&
          other.foreign.kind === "view" &&
          other.table.name !== fk.table.name
        ) {
          foreignKeys.push({ ...fk, foreign: other.foreign });
        }
      }
    }
  }

  const functions = new Map<string, DbFunction[]>();
  const { rows: fnRows } = await client.query(FUNCTIONS_SQL, [schemas]);
  for (const row of fnRows as Row[]) {
    const args = row.args as Array<{
      name: string;
      type: string;
      typeOid: number;
      mode: string;
    }>;
    const inputs = args.filter((arg) => ["i", "b", "v"].includes(arg.mode));
    const outputs = args.filter((arg) => ["o", "b", "t"].includes(arg.mode));
    const defaults = Number(row.nargdefaults);
    const params = inputs.map(
      (arg, index): FunctionParam => ({
        name: arg.name,
        type: arg.type,
        typeOid: Number(arg.typeOid),
        hasDefault: index >= inputs.length - defaults,
        variadic: arg.mode === "v",
      }),
    );
    const returnsTable = row.return_relation
      ? tables.get(
          key(row.return_schema as string, row.return_relation as string),
        )
      : undefined;
    let returnColumns: Column[] | null = null;
    if (outputs.length > 0) {
      returnColumns = outputs.map((arg, index) => ({
        name: arg.name,
        type: arg.type,
        typeOid: Number(arg.typeOid),
        nullable: true,
        default: null,
        description: null,
        position: index + 1,
        enumValues: null,
      }));
    } else if (row.composite_columns) {
      returnColumns = (row.composite_columns as Row[]).map((column, index) => ({
        name: column.name as string,
        type: column.type as string,
        typeOid: Number(column.typeOid),
        nullable: column.nullable as boolean,
        default: null,
        description: null,
        position: index + 1,
        enumValues: null,
      }));
    }
    const fn: DbFunction = {
      schema: row.schema as string,
      name: row.name as string,
      oid: Number(row.oid),
      params,
      returnType: row.return_type as string,
      returnTypeOid: Number(row.return_type_oid),
      returnsSet: row.returns_set as boolean,
      returnsTable,
      returnsComposite: Boolean(row.returns_composite) || outputs.length > 0,
      singleRow: Number(row.rows) === 1,
      returnColumns,
      volatility: row.volatility as "i" | "s" | "v",
      description: (row.description as string | null) ?? null,
    };
    const fnKey = key(fn.schema, fn.name);
    functions.set(fnKey, [...(functions.get(fnKey) ?? []), fn]);
  }

  const { rows: schemaRows } = await client.query(
    "select nspname as name, obj_description(oid, 'pg_namespace') as description from pg_namespace where nspname = any($1)",
    [schemas],
  );
  const schemaDescriptions = new Map<string, string | null>(
    (schemaRows as Row[]).map((row) => [
      row.name as string,
      (row.description as string | null) ?? null,
    ]),
  );

  // Only settings a session may change itself, as `set_config` applies them.
  const { rows: settingRows } = await client.query(`
    select r.rolname as role, split_part(c.setting, '=', 1) as name,
      substr(c.setting, strpos(c.setting, '=') + 1) as value
    from pg_db_role_setting s
    join pg_roles r on r.oid = s.setrole
    cross join lateral unnest(s.setconfig) as c(setting)
    join pg_settings p on p.name = split_part(c.setting, '=', 1) and p.context = 'user'
    where s.setdatabase in (0, (select oid from pg_database where datname = current_database()))
    order by s.setdatabase`);
  const roleSettings = new Map<string, Array<[string, string]>>();
  for (const row of settingRows as Row[]) {
    const list = roleSettings.get(row.role as string) ?? [];
    list.push([row.name as string, row.value as string]);
    roleSettings.set(row.role as string, list);
  }

  return { tables, foreignKeys, functions, schemaDescriptions, roleSettings };
}
