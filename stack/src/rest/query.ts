// Turns parsed requests into one SQL statement, the way PostgREST builds its
// queries: a CTE with the rows, json_agg for the body and counts beside it.
// User input reaches the SQL only as parameters ($n) or quoted identifiers.
import { ApiError } from "./errors.ts";
import type {
  Field,
  Filter,
  LogicTree,
  OrderTerm,
  SelectItem,
} from "./parse.ts";
import {
  type Column,
  type DbFunction,
  type ForeignKey,
  key,
  type SchemaCache,
  type Table,
} from "./schema.ts";

export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const qualified = (schema: string, name: string) =>
  `${ident(schema)}.${ident(name)}`;

export class Params {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);

    return `$${this.values.length}`;
  }
}

// Query-string options that belong to one level of the embedding tree.
export type NodeOptions = {
  filters: Filter[];
  logic: LogicTree[];
  order?: OrderTerm[];
  limit?: number;
  offset?: number;
};

export type Relationship = {
  kind: "m2o" | "o2m" | "o2o" | "m2m" | "computed";
  target: Table;
  fk?: ForeignKey;
  junctionFk?: ForeignKey; // m2m: junction → target
  fn?: DbFunction;
  toOne: boolean;
};

type OutputColumn = { sql: string; name: string; aggregate: boolean };

export type BuiltSelect = {
  columns: OutputColumn[];
  joins: string[];
  countJoins: string[];
  where: string[];
  orderBy: string[];
  groupBy: string[];
};

const TYPE_ALIASES: Record<string, string> = {
  int: "int4",
  integer: "int4",
  smallint: "int2",
  bigint: "int8",
  real: "float4",
  float: "float8",
  "double precision": "float8",
  boolean: "bool",
  decimal: "numeric",
  character: "bpchar",
  char: "bpchar",
  "character varying": "varchar",
  "timestamp with time zone": "timestamptz",
  "timestamp without time zone": "timestamp",
  "time with time zone": "timetz",
  "time without time zone": "time",
};

export function castSql(type: string): string {
  const array = type.endsWith("[]");
  const base = (array ? type.slice(0, -2) : type).trim().toLowerCase();
  const name = TYPE_ALIASES[base] ?? base;

  return `${ident(name)}${array ? "[]" : ""}`;
}

const OPERATOR_SQL: Record<string, string> = {
  eq: "=",
  neq: "<>",
  gt: ">",
  gte: ">=",
  lt: "<",
  lte: "<=",
  like: "like",
  ilike: "ilike",
  match: "~",
  imatch: "~*",
  cs: "@>",
  cd: "<@",
  ov: "&&",
  sl: "<<",
  sr: ">>",
  nxr: "&<",
  nxl: "&>",
  adj: "-|-",
};

const FTS_FUNCTIONS: Record<string, string> = {
  fts: "to_tsquery",
  plfts: "plainto_tsquery",
  phfts: "phraseto_tsquery",
  wfts: "websearch_to_tsquery",
};

export class QueryBuilder {
  private aliasCount = 0;

  constructor(
    readonly cache: SchemaCache,
    readonly schema: string,
    readonly params: Params,
    readonly nodes: Map<string, NodeOptions>,
    readonly aggregatesEnabled: boolean,
  ) {}

  nextAlias(base: string): string {
    this.aliasCount += 1;

    return `${base}_${this.aliasCount}`;
  }

  node(path: string[]): NodeOptions | undefined {
    return this.nodes.get(path.join("\u0000"));
  }

  // A computed column: a function of the table's row type.
  computedColumn(table: Table, name: string): DbFunction | undefined {
    const candidates = this.cache.functions.get(key(table.schema, name)) ?? [];

    return candidates.find(
      (fn) =>
        fn.params.length === 1 &&
        !fn.returnsSet &&
        rowTypeMatches(fn.params[0]?.type ?? "", table),
    );
  }

  fieldSql(alias: string, table: Table | undefined, field: Field): string {
    let sql = `${ident(alias)}.${ident(field.name)}`;
    if (table && !table.columnMap.has(field.name)) {
      const fn = this.computedColumn(table, field.name);
      if (fn) {
        sql = `${qualified(fn.schema, fn.name)}(${ident(alias)})`;
      }
    }
    const type = table?.columnMap.get(field.name)?.type;
    if (field.json.length > 0 && type && type !== "json" && type !== "jsonb") {
      sql = `to_jsonb(${sql})`;
    }
    for (const step of field.json) {
      const keySql = /^-?\d+$/.test(step.key)
        ? `${this.params.add(Number.parseInt(step.key, 10))}::int`
        : `${this.params.add(step.key)}::text`;
      sql = `(${sql}${step.arrow}${keySql})`;
    }

    return sql;
  }

  filterSql(expr: string, filter: Filter): string {
    const sql = this.positiveFilterSql(expr, filter);

    return filter.negate ? `not (${sql})` : sql;
  }

  private positiveFilterSql(expr: string, filter: Filter): string {
    const { op } = filter;
    if (op === "is") {
      const value = {
        null: "null",
        not_null: "not null",
        true: "true",
        false: "false",
        unknown: "unknown",
      }[filter.value];

      return `${expr} is ${value}`;
    }
    if (op === "isdistinct") {
      return `${expr} is distinct from ${this.params.add(filter.value)}`;
    }
    if (op === "in") {
      return `${expr} = any(${this.params.add(filter.list ?? [])})`;
    }
    const fts = FTS_FUNCTIONS[op];
    if (fts) {
      const query = filter.language
        ? `${fts}(${this.params.add(filter.language)}::regconfig, ${this.params.add(filter.value)})`
        : `${fts}(${this.params.add(filter.value)})`;

      return `${expr} @@ ${query}`;
    }
    const sqlOp = OPERATOR_SQL[op] as string;
    const likeValue = (value: string) =>
      op === "like" || op === "ilike" ? value.replace(/\*/g, "%") : value;
    if (filter.quantifier) {
      const list = (filter.list ?? []).map(likeValue);

      return `${expr} ${sqlOp} ${filter.quantifier}(${this.params.add(list)})`;
    }

    return `${expr} ${sqlOp} ${this.params.add(likeValue(filter.value))}`;
  }

  logicSql(
    alias: string,
    table: Table | undefined,
    tree: LogicTree,
    embeds: Map<string, string>,
  ): string {
    const parts = tree.children.map((child) =>
      child.kind === "logic"
        ? this.logicSql(alias, table, child, embeds)
        : this.conditionSql(alias, table, child, embeds),
    );
    const sql = `(${parts.join(tree.op === "and" ? " and " : " or ")})`;

    return tree.negate ? `not ${sql}` : sql;
  }

  // A filter on a column, or an is.null filter on an embedded resource.
  conditionSql(
    alias: string,
    table: Table | undefined,
    filter: Filter,
    embeds: Map<string, string>,
  ): string {
    const embedded = embeds.get(filter.field.name);
    if (
      embedded &&
      filter.field.json.length === 0 &&
      !table?.columnMap.has(filter.field.name)
    ) {
      if (
        filter.op !== "is" ||
        (filter.value !== "null" && filter.value !== "not_null")
      ) {
        throw new ApiError(
          400,
          "PGRST100",
          `"failed to parse filter (${filter.op}.${filter.value})" (line 1, column 1)`,
          "Only is null or not is null filters are allowed on embedded resources",
        );
      }

      return this.filterSql(embedded, filter);
    }

    return this.filterSql(this.fieldSql(alias, table, filter.field), filter);
  }

  // Builds the select list, joins, conditions and order of one level.
  build(
    table: Table | undefined,
    alias: string,
    select: SelectItem[],
    path: string[],
    columnsOf?: Column[],
  ): BuiltSelect {
    const built: BuiltSelect = {
      columns: [],
      joins: [],
      countJoins: [],
      where: [],
      orderBy: [],
      groupBy: [],
    };
    const embedJson = new Map<string, string>();
    const embedRels = new Map<string, { rel: Relationship; alias: string }>();
    const items = select.length === 0 && path.length === 0 ? [] : select;
    for (const item of items) {
      if (item.kind === "star") {
        const columns = table?.columns ?? columnsOf ?? [];
        for (const column of columns) {
          built.columns.push({
            sql: `${ident(alias)}.${ident(column.name)}`,
            name: column.name,
            aggregate: false,
          });
        }
        if (!table && !columnsOf) {
          built.columns.push({
            sql: `${ident(alias)}.*`,
            name: "*",
            aggregate: false,
          });
        }
      } else if (item.kind === "count") {
        this.requireAggregates();
        const sql = item.cast ? `count(*)::${castSql(item.cast)}` : "count(*)";
        built.columns.push({
          sql,
          name: item.alias ?? "count",
          aggregate: true,
        });
      } else if (item.kind === "column") {
        let sql = this.fieldSql(alias, table, item.field);
        if (item.cast) {
          sql = `(${sql})::${castSql(item.cast)}`;
        }
        const last = item.field.json[item.field.json.length - 1];
        let name =
          item.alias ??
          (last && !/^-?\d+$/.test(last.key) ? last.key : item.field.name);
        if (item.aggregate) {
          this.requireAggregates();
          sql = `${item.aggregate}(${sql})`;
          if (item.aggregateCast) {
            sql = `(${sql})::${castSql(item.aggregateCast)}`;
          }
          name = item.alias ?? item.aggregate;
        }
        built.columns.push({ sql, name, aggregate: Boolean(item.aggregate) });
      } else {
        if (!table) {
          throw new ApiError(
            400,
            "PGRST200",
            `Could not find a relationship between '${alias}' and '${item.name}' in the schema cache`,
          );
        }
        const rel = this.resolve(table, item.name, item.hint);
        const outName = item.alias ?? item.name;
        const childPath = [...path, outName];
        const altPath = [...path, item.name];
        const options = this.node(childPath) ?? this.node(altPath);
        this.usedPaths.add(childPath.join("\u0000"));
        this.usedPaths.add(altPath.join("\u0000"));
        const targetAlias = this.nextAlias(rel.target.name);
        const childSelect = this.build(
          rel.target,
          targetAlias,
          item.select,
          this.node(childPath) ? childPath : altPath,
        );
        const childEmbeds = this.lastEmbeds;
        const childRels = this.lastRels;
        const conditions = [...this.joinConditions(rel, alias, targetAlias)];
        let from = `${qualified(rel.target.schema, rel.target.name)} as ${ident(targetAlias)}`;
        if (rel.kind === "m2m" && rel.fk && rel.junctionFk) {
          const junctionAlias = this.nextAlias(rel.fk.table.name);
          from += ` join ${qualified(rel.fk.table.schema, rel.fk.table.name)} as ${ident(junctionAlias)} on ${pairs(
            junctionAlias,
            rel.junctionFk.columns,
            targetAlias,
            rel.junctionFk.foreignColumns,
          )}`;
          conditions.push(
            pairs(junctionAlias, rel.fk.columns, alias, rel.fk.foreignColumns),
          );
        }
        if (rel.kind === "computed" && rel.fn) {
          from = `${qualified(rel.fn.schema, rel.fn.name)}(${ident(alias)}) as ${ident(targetAlias)}`;
        }
        const inner = [
          `select ${selectList(childSelect.columns)}`,
          `from ${from}`,
          ...childSelect.joins,
        ];
        const where = [...conditions, ...childSelect.where];
        if (options) {
          where.push(
            ...this.levelConditions(
              rel.target,
              targetAlias,
              options,
              childEmbeds,
            ),
          );
        }
        if (where.length > 0) {
          inner.push(`where ${where.join(" and ")}`);
        }
        if (childSelect.groupBy.length > 0) {
          inner.push(`group by ${childSelect.groupBy.join(", ")}`);
        }
        const order = options?.order
          ? this.orderSql(rel.target, targetAlias, options.order, childRels)
          : [];
        if (order.length > 0 && !rel.toOne) {
          inner.push(`order by ${order.join(", ")}`);
        }
        if (options?.limit !== undefined && !rel.toOne) {
          inner.push(`limit ${this.params.add(options.limit)}`);
        }
        if (options?.offset !== undefined && !rel.toOne) {
          inner.push(`offset ${this.params.add(options.offset)}`);
        }
        const lateral = this.nextAlias("pgrst_embed");
        const aggregate = rel.toOne ? "row_to_json(_x)" : "json_agg(_x)";
        const join = `left join lateral (select ${aggregate} as "j" from (${inner.join(" ")}) as _x) as ${ident(lateral)} on true`;
        built.joins.push(join);
        const jsonRef = `${ident(lateral)}."j"`;
        embedJson.set(outName, jsonRef);
        embedJson.set(item.name, jsonRef);
        embedRels.set(outName, { rel, alias: targetAlias });
        embedRels.set(item.name, { rel, alias: targetAlias });
        if (item.joinType === "inner") {
          built.where.push(`${jsonRef} is not null`);
          built.countJoins.push(join);
        }
        if (item.spread) {
          for (const column of childSelect.columns) {
            built.columns.push({
              sql: `(${jsonRef}->${this.params.add(column.name)}::text)`,
              name: column.name,
              aggregate: false,
            });
          }
        } else if (item.select.length > 0) {
          built.columns.push({
            sql: rel.toOne ? jsonRef : `coalesce(${jsonRef}, '[]')`,
            name: outName,
            aggregate: false,
          });
        }
      }
    }
    if (built.columns.some((column) => column.aggregate)) {
      built.groupBy = built.columns
        .filter((column) => !column.aggregate)
        .map((column) => column.sql);
    }
    // Top-level filters and order are applied by the caller with these maps.
    this.lastEmbeds = embedJson;
    this.lastRels = embedRels;

    return built;
  }

  readonly usedPaths = new Set<string>([""]);

  // Options for an embedded path that is not in the select are an error.
  checkPaths(): void {
    for (const id of this.nodes.keys()) {
      if (!this.usedPaths.has(id)) {
        const name = id.split("\u0000").pop() ?? id;
        throw new ApiError(
          400,
          "PGRST108",
          `'${name}' is not an embedded resource in this request`,
          null,
          `Verify that '${name}' is included in the 'select' query parameter.`,
        );
      }
    }
  }

  lastEmbeds = new Map<string, string>();
  lastRels = new Map<string, { rel: Relationship; alias: string }>();

  private requireAggregates(): void {
    if (!this.aggregatesEnabled) {
      throw new ApiError(
        400,
        "PGRST123",
        "Use of aggregate functions is not allowed",
      );
    }
  }

  levelConditions(
    table: Table | undefined,
    alias: string,
    options: NodeOptions,
    embeds: Map<string, string>,
  ): string[] {
    const where: string[] = [];
    for (const filter of options.filters) {
      where.push(this.conditionSql(alias, table, filter, embeds));
    }
    for (const tree of options.logic) {
      where.push(this.logicSql(alias, table, tree, embeds));
    }

    return where;
  }

  orderSql(
    table: Table | undefined,
    alias: string,
    terms: OrderTerm[],
    rels: Map<string, { rel: Relationship; alias: string }>,
  ): string[] {
    return terms.map((term) => {
      let expr: string;
      if (term.relation) {
        const embedded = rels.get(term.relation);
        if (!embedded) {
          throw new ApiError(
            400,
            "PGRST108",
            `'${term.relation}' is not an embedded resource in this request`,
            null,
            `Verify that '${term.relation}' is included in the 'select' query parameter.`,
          );
        }
        if (!embedded.rel.toOne) {
          throw new ApiError(
            400,
            "PGRST118",
            `A related order on '${embedded.rel.target.name}' is not possible`,
            `'${table?.name}' and '${embedded.rel.target.name}' do not form a many-to-one or one-to-one relationship`,
          );
        }
        const sub = this.nextAlias(embedded.rel.target.name);
        const value = this.fieldSql(sub, embedded.rel.target, term.field);
        const from =
          embedded.rel.kind === "computed" && embedded.rel.fn
            ? `${qualified(embedded.rel.fn.schema, embedded.rel.fn.name)}(${ident(alias)}) as ${ident(sub)}`
            : `${qualified(embedded.rel.target.schema, embedded.rel.target.name)} as ${ident(sub)}`;
        const conditions = this.joinConditions(embedded.rel, alias, sub);
        expr = `(select ${value} from ${from}${conditions.length ? ` where ${conditions.join(" and ")}` : ""} limit 1)`;
      } else {
        expr = this.fieldSql(alias, table, term.field);
      }
      let sql = `${expr} ${term.direction ?? "asc"}`;
      if (term.nulls) {
        sql += term.nulls === "first" ? " nulls first" : " nulls last";
      }

      return sql;
    });
  }

  joinConditions(
    rel: Relationship,
    parentAlias: string,
    targetAlias: string,
  ): string[] {
    if (!rel.fk || rel.kind === "m2m" || rel.kind === "computed") {
      return [];
    }
    if (rel.kind === "m2o") {
      return [
        pairs(targetAlias, rel.fk.foreignColumns, parentAlias, rel.fk.columns),
      ];
    }

    return [
      pairs(targetAlias, rel.fk.columns, parentAlias, rel.fk.foreignColumns),
    ];
  }

  // Finds the relationship an embed names, as PostgREST does, with hints.
  resolve(parent: Table, name: string, hint?: string): Relationship {
    const found: Relationship[] = [];
    const isUnique = (table: Table, columns: string[]) =>
      table.uniqueKeys.some(
        (unique) =>
          unique.length === columns.length &&
          unique.every((column) => columns.includes(column)),
      );
    const target = this.cache.tables.get(key(this.schema, name));
    for (const fk of this.cache.foreignKeys) {
      // many-to-one: the parent contains the key; named by table, key or column
      if (fk.table === parent) {
        const byTable =
          fk.foreign.name === name && fk.foreign.schema === this.schema;
        const byColumn =
          (fk.columns.length === 1 && fk.columns[0] === name) ||
          fk.name === name;
        if (byTable || byColumn) {
          if (
            !hint ||
            hint === fk.name ||
            (fk.columns.length === 1 && fk.columns[0] === hint) ||
            (fk.foreignColumns.length === 1 && fk.foreignColumns[0] === hint)
          ) {
            found.push({ kind: "m2o", target: fk.foreign, fk, toOne: true });
          }
        }
      }
      // one-to-many or one-to-one: the target contains a key to the parent
      if (fk.foreign === parent && target && fk.table === target) {
        if (
          !hint ||
          hint === fk.name ||
          (fk.columns.length === 1 && fk.columns[0] === hint) ||
          (fk.foreignColumns.length === 1 && fk.foreignColumns[0] === hint)
        ) {
          const one = isUnique(fk.table, fk.columns);
          found.push({
            kind: one ? "o2o" : "o2m",
            target: fk.table,
            fk,
            toOne: one,
          });
        }
      }
    }
    // many-to-many through a junction with keys to both sides
    if (target) {
      for (const toParent of this.cache.foreignKeys) {
        if (toParent.foreign !== parent || toParent.table === target) {
          continue;
        }
        const junction = toParent.table;
        if (junction === parent) {
          continue;
        }
        for (const toTarget of this.cache.foreignKeys) {
          if (
            toTarget.table !== junction ||
            toTarget.foreign !== target ||
            toTarget === toParent
          ) {
            continue;
          }
          if (
            !hint ||
            hint === junction.name ||
            hint === toParent.name ||
            hint === toTarget.name
          ) {
            found.push({
              kind: "m2m",
              target,
              fk: toParent,
              junctionFk: toTarget,
              toOne: false,
            });
          }
        }
      }
    }
    // computed relationships: functions taking the parent's row
    for (const fn of this.cache.functions.get(key(this.schema, name)) ?? []) {
      if (
        fn.params.length === 1 &&
        rowTypeMatches(fn.params[0]?.type ?? "", parent) &&
        fn.returnsTable
      ) {
        found.push({
          kind: "computed",
          target: fn.returnsTable,
          fn,
          toOne: !fn.returnsSet || fn.singleRow,
        });
      }
    }
    if (found.length === 0) {
      throw new ApiError(
        400,
        "PGRST200",
        `Could not find a relationship between '${parent.name}' and '${name}' in the schema cache`,
        hint
          ? `Searched for a foreign key relationship between '${parent.name}' and '${name}' using the hint '${hint}' in the schema '${this.schema}', but no matches were found.`
          : `Searched for a foreign key relationship between '${parent.name}' and '${name}' in the schema '${this.schema}', but no matches were found.`,
        null,
      );
    }
    // a direct key wins over junctions when the name is the key's column
    if (found.length > 1) {
      const direct = found.filter((rel) => rel.kind !== "m2m");
      if (direct.length === 1 && !target) {
        return direct[0] as Relationship;
      }
      throw new ApiError(
        300,
        "PGRST201",
        `Could not embed because more than one relationship was found for '${parent.name}' and '${name}'`,
        found.map((rel) => describe(parent, rel)) as unknown as string,
        `Try changing '${name}' to one of the following: ${found
          .map((rel) => `'${name}!${hintFor(rel)}'`)
          .join(", ")}. Find the desired relationship in the 'details' key.`,
      );
    }

    return found[0] as Relationship;
  }
}

function hintFor(rel: Relationship): string {
  if (rel.kind === "m2m") {
    return rel.fk?.table.name ?? "";
  }

  return rel.fk?.name ?? rel.fn?.name ?? "";
}

function describe(parent: Table, rel: Relationship): Record<string, string> {
  const cardinality = {
    m2o: "many-to-one",
    o2m: "one-to-many",
    o2o: "one-to-one",
    m2m: "many-to-many",
    computed: "computed",
  }[rel.kind];
  let relationship = "";
  if (rel.kind === "m2m" && rel.fk && rel.junctionFk) {
    relationship = `${rel.fk.table.name} using ${rel.fk.name}(${rel.fk.columns.join(", ")}) and ${rel.junctionFk.name}(${rel.junctionFk.columns.join(", ")})`;
  } else if (rel.fk) {
    const [cols, fcols] =
      rel.kind === "m2o"
        ? [rel.fk.columns, rel.fk.foreignColumns]
        : [rel.fk.foreignColumns, rel.fk.columns];
    relationship = `${rel.fk.name} using ${parent.name}(${cols.join(", ")}) and ${rel.target.name}(${fcols.join(", ")})`;
  }

  return {
    cardinality,
    embedding: `${parent.name} with ${rel.target.name}`,
    relationship,
  };
}

function rowTypeMatches(type: string, table: Table): boolean {
  const bare = type.replace(/"/g, "");

  return bare === table.name || bare === `${table.schema}.${table.name}`;
}

function pairs(
  leftAlias: string,
  leftColumns: string[],
  rightAlias: string,
  rightColumns: string[],
): string {
  return leftColumns
    .map(
      (column, index) =>
        `${ident(leftAlias)}.${ident(column)} = ${ident(rightAlias)}.${ident(rightColumns[index] ?? "")}`,
    )
    .join(" and ");
}

export function selectList(columns: OutputColumn[]): string {
  if (columns.length === 0) {
    return "";
  }

  return columns
    .map((column) =>
      column.name === "*"
        ? column.sql
        : `${column.sql} as ${ident(column.name)}`,
    )
    .join(", ");
}
