// The Swagger 2.0 description PostgREST serves at the root path.
import type http from "node:http";
import type { RestConfig } from "./config.ts";
import type { Column, SchemaCache, Table } from "./schema.ts";

function typeOf(
  column: { type: string },
  query = false,
): Record<string, unknown> {
  const type = column.type;
  const array = type.endsWith("[]");
  if (query && (type === "json" || type === "jsonb")) {
    return { type: "string", format: type };
  }
  if (array && query) {
    return { type: "string", format: type.replace(/\(\d+\)/, "") };
  }
  const sized = /^(character varying|character|bit varying|bit)\((\d+)\)$/.exec(
    array ? type.slice(0, -2) : type,
  );
  const base = sized ? (sized[1] as string) : array ? type.slice(0, -2) : type;
  let schema: Record<string, unknown>;
  if (/^(smallint|integer|bigint)$/.test(base)) {
    schema = { type: "integer", format: base === "bigint" ? "int64" : "int32" };
  } else if (/^(numeric|real|double precision)/.test(base)) {
    schema = { type: "number", format: base };
  } else if (base === "boolean") {
    schema = { type: "boolean", format: base };
  } else if (base === "json" || base === "jsonb") {
    schema = { format: base };
  } else {
    schema = { type: "string", format: base };
  }

  if (sized) {
    schema.maxLength = Number(sized[2]);
  }
  if (array) {
    const { format: _format, maxLength: _length, ...items } = schema;

    return { type: "array", format: `${base}[]`, items };
  }

  return schema;
}

// A column default as a JSON value: literals unwrapped, expressions as text.
function defaultValue(expression: string): unknown {
  const literal = /^'((?:[^']|'')*)'::[\w ."[\]]+$/.exec(expression);
  if (literal) {
    return (literal[1] as string).replace(/''/g, "'");
  }
  if (/^-?\d+(\.\d+)?$/.test(expression)) {
    return Number(expression);
  }
  if (expression === "true" || expression === "false") {
    return expression === "true";
  }

  return expression;
}

// A comment's first paragraph is the summary, the rest the description.
function summarise(comment: string | null): Record<string, string> {
  if (!comment) {
    return {};
  }
  const [summary = "", ...rest] = comment.split("\n\n");
  const description = rest.join("\n\n");

  return description ? { summary, description } : { summary };
}

function definition(table: Table, foreignKeys: SchemaCache["foreignKeys"]) {
  const properties: Record<string, unknown> = {};
  for (const column of table.columns) {
    const property: Record<string, unknown> = typeOf(column);
    const notes: string[] = [];
    if (table.primaryKey.includes(column.name)) {
      notes.push("Note:\nThis is a Primary Key.<pk/>");
    }
    const fk = foreignKeys.find(
      (entry) => entry.table === table && entry.columns.includes(column.name),
    );
    if (fk) {
      const index = fk.columns.indexOf(column.name);
      notes.push(
        `Note:\nThis is a Foreign Key to \`${fk.foreign.name}.${fk.foreignColumns[index]}\`.<fk table='${fk.foreign.name}' column='${fk.foreignColumns[index]}'/>`,
      );
    }
    const description = [column.description, ...notes]
      .filter(Boolean)
      .join("\n\n");
    if (description) {
      property.description = description;
    }
    if (column.default !== null) {
      property.default = defaultValue(column.default);
    }
    if (column.enumValues) {
      property.enum = column.enumValues;
    }
    properties[column.name] = property;
  }
  const required = table.columns
    .filter((column: Column) => !column.nullable && column.default === null)
    .map((column) => column.name);

  return {
    ...(required.length ? { required } : {}),
    properties,
    type: "object",
    ...(table.description ? { description: table.description } : {}),
  };
}

// The relations and functions of a schema that the requesting role has a
// privilege on, by PostgREST's rules for its default openapi-mode
// (follow-privileges): owner, any table or column privilege, or EXECUTE.
// Run as that role.
export const PRIVILEGED_OBJECTS_SQL = `
select 'relation' as kind, c.relname as name, null::int8 as oid
from pg_catalog.pg_class c
where c.relnamespace = (select n.oid from pg_catalog.pg_namespace n where n.nspname = $1)
  and c.relkind in ('r', 'v', 'm', 'f', 'p')
  and (
    pg_catalog.pg_has_role(c.relowner, 'USAGE')
    or pg_catalog.has_table_privilege(
      c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER'
    )
    or pg_catalog.has_any_column_privilege(
      c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'
    )
  )
union all
select 'function', p.proname, p.oid::int8
from pg_catalog.pg_proc p
where p.pronamespace = (select n.oid from pg_catalog.pg_namespace n where n.nspname = $1)
  and pg_catalog.has_function_privilege(p.oid, 'EXECUTE')
`;

export type PrivilegedObjects = {
  relations: Set<string>;
  functionOids: Set<number>;
};

export function privilegedObjectsFrom(
  rows: Array<{ kind: string; name: string; oid: string | null }>,
): PrivilegedObjects {
  const objects: PrivilegedObjects = {
    relations: new Set(),
    functionOids: new Set(),
  };
  for (const row of rows) {
    if (row.kind === "relation") {
      objects.relations.add(row.name);
    } else {
      objects.functionOids.add(Number(row.oid));
    }
  }

  return objects;
}

// Builds the document from the schema cache, listing only the objects in
// `privileged`: those the requesting role may use.
export function buildOpenApi(
  cache: SchemaCache,
  schema: string,
  config: RestConfig,
  req: http.IncomingMessage,
  privileged: PrivilegedObjects,
): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    "/": {
      get: {
        produces: ["application/openapi+json", "application/json"],
        responses: { 200: { description: "OK" } },
        summary: "OpenAPI description (this document)",
        tags: ["Introspection"],
      },
    },
  };
  const definitions: Record<string, unknown> = {};
  const parameters: Record<string, unknown> = {
    preferParams: {
      name: "Prefer",
      description: "Preference",
      required: false,
      in: "header",
      type: "string",
      enum: ["params=single-object"],
    },
    preferReturn: {
      name: "Prefer",
      description: "Preference",
      required: false,
      in: "header",
      type: "string",
      enum: ["return=representation", "return=minimal", "return=none"],
    },
    preferCount: {
      name: "Prefer",
      description: "Preference",
      required: false,
      in: "header",
      type: "string",
      enum: ["count=none"],
    },
    preferPost: {
      name: "Prefer",
      description: "Preference",
      required: false,
      in: "header",
      type: "string",
      enum: [
        "return=representation",
        "return=minimal",
        "return=none",
        "resolution=ignore-duplicates",
        "resolution=merge-duplicates",
      ],
    },
    select: {
      name: "select",
      description: "Filtering Columns",
      required: false,
      in: "query",
      type: "string",
    },
    on_conflict: {
      name: "on_conflict",
      description: "On Conflict",
      required: false,
      in: "query",
      type: "string",
    },
    order: {
      name: "order",
      description: "Ordering",
      required: false,
      in: "query",
      type: "string",
    },
    range: {
      name: "Range",
      description: "Limiting and Pagination",
      required: false,
      in: "header",
      type: "string",
    },
    rangeUnit: {
      name: "Range-Unit",
      description: "Limiting and Pagination",
      required: false,
      default: "items",
      in: "header",
      type: "string",
    },
    offset: {
      name: "offset",
      description: "Limiting and Pagination",
      required: false,
      in: "query",
      type: "string",
    },
    limit: {
      name: "limit",
      description: "Limiting and Pagination",
      required: false,
      in: "query",
      type: "string",
    },
  };
  const tables = [...cache.tables.values()]
    .filter(
      (table) =>
        table.schema === schema && privileged.relations.has(table.name),
    )
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const table of tables) {
    definitions[table.name] = definition(table, cache.foreignKeys);
    parameters[`body.${table.name}`] = {
      name: table.name,
      description: table.name,
      required: false,
      in: "body",
      schema: { $ref: `#/definitions/${table.name}` },
    };
    const rowFilters = table.columns.map((column) => {
      parameters[`rowFilter.${table.name}.${column.name}`] = {
        name: column.name,
        required: false,
        in: "query",
        type: "string",
        format: column.type,
        ...(column.description ? { description: column.description } : {}),
      };

      return { $ref: `#/parameters/rowFilter.${table.name}.${column.name}` };
    });
    const tags = [table.name];
    const ok = {
      200: {
        description: "OK",
        schema: {
          type: "array",
          items: { $ref: `#/definitions/${table.name}` },
        },
      },
      206: { description: "Partial Content" },
    };
    const entry: Record<string, unknown> = {
      get: {
        tags,
        ...summarise(table.description),
        parameters: [
          ...rowFilters,
          { $ref: "#/parameters/select" },
          { $ref: "#/parameters/order" },
          { $ref: "#/parameters/range" },
          { $ref: "#/parameters/rangeUnit" },
          { $ref: "#/parameters/offset" },
          { $ref: "#/parameters/limit" },
          { $ref: "#/parameters/preferCount" },
        ],
        responses: ok,
      },
    };
    if (table.insertable) {
      entry.post = {
        tags,
        parameters: [
          { $ref: `#/parameters/body.${table.name}` },
          { $ref: "#/parameters/select" },
          { $ref: "#/parameters/preferPost" },
        ],
        responses: { 201: { description: "Created" } },
      };
      entry.patch = {
        tags,
        parameters: [
          ...rowFilters,
          { $ref: `#/parameters/body.${table.name}` },
          { $ref: "#/parameters/preferReturn" },
        ],
        responses: { 204: { description: "No Content" } },
      };
      entry.delete = {
        tags,
        parameters: [...rowFilters, { $ref: "#/parameters/preferReturn" }],
        responses: { 204: { description: "No Content" } },
      };
    }
    paths[`/${table.name}`] = entry;
  }
  const functions = [...cache.functions.values()]
    .flat()
    .filter((fn) => fn.schema === schema && privileged.functionOids.has(fn.oid))
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const fn of functions) {
    const properties = Object.fromEntries(
      fn.params.filter((p) => p.name !== "").map((p) => [p.name, typeOf(p)]),
    );
    const required = fn.params
      .filter((p) => !p.hasDefault && p.name !== "")
      .map((p) => p.name);
    const body = {
      in: "body",
      name: "args",
      required: true,
      schema: {
        required,
        type: "object",
        properties,
        ...(fn.description ? { description: fn.description } : {}),
      },
    };
    const tags = ["(rpc) " + fn.name];
    const entry: Record<string, unknown> = {
      post: {
        tags,
        ...summarise(fn.description),
        produces: ["application/json", "application/vnd.pgrst.object+json"],
        parameters: [body, { $ref: "#/parameters/preferParams" }],
        responses: { 200: { description: "OK" } },
      },
    };
    if (fn.volatility !== "v") {
      entry.get = {
        tags,
        ...summarise(fn.description),
        parameters: fn.params
          .filter((p) => p.name !== "")
          .map((p) => ({
            name: p.name,
            required: !p.hasDefault,
            in: "query",
            ...typeOf(p, true),
          })),
        responses: { 200: { description: "OK" } },
      };
    }
    paths[`/rpc/${fn.name}`] = entry;
  }
  const host = req.headers.host ?? "localhost";
  const proxy = config.openApiServerProxyUri
    ? new URL(config.openApiServerProxyUri)
    : undefined;
  const description = cache.schemaDescriptions.get(schema) ?? null;
  const [title, ...rest] = (description ?? "").split("\n");

  return {
    swagger: "2.0",
    info: {
      description: description
        ? rest.join("\n").trim()
        : "This is a dynamic API generated by PostgREST",
      title: description ? title : "PostgREST API",
      version: "12.2.0",
    },
    host: proxy ? proxy.host : host,
    basePath: proxy ? proxy.pathname : (config.prefix ?? "/") || "/",
    schemes: [proxy ? proxy.protocol.replace(":", "") : "http"],
    consumes: [
      "application/json",
      "application/vnd.pgrst.object+json;nulls=stripped",
      "application/vnd.pgrst.object+json",
      "text/csv",
    ],
    produces: [
      "application/json",
      "application/vnd.pgrst.object+json;nulls=stripped",
      "application/vnd.pgrst.object+json",
      "text/csv",
    ],
    paths,
    definitions,
    parameters,
    externalDocs: {
      description: "PostgREST Documentation",
      url: "https://postgrest.org/en/v12/references/api.html",
    },
  };
}
