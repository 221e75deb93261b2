// A PostgREST-compatible HTTP handler: one transaction per request on a pool
// connected as the authenticator, switching to the token's role.
import type http from "node:http";
import pg from "pg";
import type { RestConfig } from "./config.ts";
import { ApiError, fromPgError } from "./errors.ts";
import { parseJsonBody } from "./json-body.ts";
import { verifyJwt } from "./jwt.ts";
import {
  buildOpenApi,
  PRIVILEGED_OBJECTS_SQL,
  privilegedObjectsFrom,
} from "./openapi.ts";
import type { SelectItem } from "./parse.ts";
import {
  ident,
  type NodeOptions,
  Params,
  QueryBuilder,
  qualified,
  selectList,
} from "./query.ts";
import {
  type MediaType,
  negotiate,
  type ParsedQuery,
  type Preferences,
  parsePrefer,
  parseQuery,
} from "./request.ts";
import {
  type Column,
  type DbFunction,
  key,
  loadSchemaCache,
  type SchemaCache,
  type Table,
} from "./schema.ts";

type Auth = { role: string; claims: Record<string, unknown>; authed: boolean };

type Reply = {
  status: number;
  headers: Record<string, string>;
  body?: string | Buffer;
};

type StatementResult = {
  total: string | null;
  pageCount: number;
  body: string | null;
  responseHeaders: string | null;
  responseStatus: string | null;
  location?: string | null;
};

const GUCS = `nullif(current_setting('response.headers', true), '') as response_headers,
  nullif(current_setting('response.status', true), '') as response_status`;

const JSON_TYPE = "application/json; charset=utf-8";

export class RestServer {
  readonly pool: pg.Pool;
  private cache?: SchemaCache;
  private listener?: pg.Client;
  private stopped = false;

  constructor(readonly config: RestConfig) {
    this.pool = new pg.Pool({
      connectionString: config.dbUri,
      max: config.poolSize ?? 10,
      application_name: "rest",
    });
    this.pool.on("error", () => {
      // an idle connection dropped; the pool replaces it
    });
  }

  async start(): Promise<void> {
    await this.reload();
    const listener = new pg.Client({ connectionString: this.config.dbUri });
    listener.on("error", () => {
      // the listener is restarted on the next reload request
    });
    await listener.connect();
    const channel = this.config.channel ?? "pgrst";
    await listener.query(`listen ${ident(channel)}`);
    listener.on("notification", (message) => {
      const payload = message.payload ?? "";
      if (payload === "" || payload === "reload schema") {
        this.reload().catch((error: Error) =>
          console.error(`[rest] schema reload failed: ${error.message}`),
        );
      }
    });
    this.listener = listener;
  }

  async reload(): Promise<void> {
    const client = await this.pool.connect();
    try {
      this.cache = await loadSchemaCache(client, this.config.schemas);
    } finally {
      client.release();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  handle = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> => {
    let reply: Reply;
    try {
      reply = await this.respond(req);
    } catch (error) {
      reply = errorReply(error);
    }
    if (res.headersSent) {
      return;
    }
    const statusText = (reply as Reply & { statusText?: string }).statusText;
    const body = req.method === "HEAD" ? undefined : reply.body;
    const headers: Record<string, string | string[]> = { ...reply.headers };
    if (reply.status !== 204 && reply.status !== 304) {
      headers["Content-Length"] = String(
        reply.body === undefined ? 0 : Buffer.byteLength(reply.body),
      );
    }
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === "set-cookie") {
        headers[name] = String(headers[name]).split("\n");
      }
    }
    if (this.config.schemas.length > 1 && reply.status < 400) {
      const method = (req.method ?? "GET").toUpperCase();
      const header =
        method === "GET" || method === "HEAD"
          ? req.headers["accept-profile"]
          : req.headers["content-profile"];
      const wanted = Array.isArray(header) ? header[0] : header;
      headers["Content-Profile"] =
        wanted && this.config.schemas.includes(wanted)
          ? wanted
          : (this.config.schemas[0] as string);
    }
    // header values carry UTF-8 bytes, as PostgREST sends them
    const toBytes = (value: string) =>
      /[^\u0000-\u00ff]/.test(value)
        ? Buffer.from(value, "utf8").toString("latin1")
        : value;
    for (const [name, value] of Object.entries(headers)) {
      headers[name] = Array.isArray(value)
        ? value.map(toBytes)
        : toBytes(value);
    }
    try {
      if (statusText) {
        res.writeHead(reply.status, toBytes(statusText), headers);
      } else {
        res.writeHead(reply.status, headers);
      }
    } catch (error) {
      const failure = JSON.stringify({
        code: "PGRST000",
        details: null,
        hint: null,
        message: `could not write the response headers: ${(error as Error).message}`,
      });
      res.writeHead(500, { "Content-Type": JSON_TYPE });
      res.end(failure);

      return;
    }
    res.end(body);
  };

  private async respond(req: http.IncomingMessage): Promise<Reply> {
    if (this.stopped || !this.cache) {
      throw new ApiError(
        503,
        "PGRST002",
        "Could not query the database for the schema cache. Retrying.",
      );
    }
    const cache = this.cache;
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", "http://localhost");
    const prefix = this.config.prefix ?? "";
    let pathname = url.pathname;
    if (prefix && pathname.startsWith(prefix)) {
      pathname = pathname.slice(prefix.length);
    }
    let segments: string[];
    try {
      segments = pathname
        .split("/")
        .filter((segment) => segment !== "")
        .map((segment) => decodeURIComponent(segment));
    } catch {
      throw new ApiError(
        404,
        "PGRST125",
        "Invalid path specified in request URL",
      );
    }
    if (method === "OPTIONS") {
      return {
        status: 200,
        headers: {
          Allow: "OPTIONS,GET,HEAD,POST,PUT,PATCH,DELETE",
          "Access-Control-Allow-Origin": "*",
        },
        body: "",
      };
    }
    const schema = this.pickSchema(req, method);
    const auth = this.authenticate(req);
    const search = url.search.startsWith("?")
      ? url.search.slice(1)
      : url.search;
    const prefs = parsePrefer(req.headers.prefer);
    if (prefs.timezone !== undefined) {
      try {
        new Intl.DateTimeFormat("en", { timeZone: prefs.timezone });
      } catch {
        prefs.invalid.push(`timezone=${prefs.timezone}`);
        prefs.timezone = undefined;
      }
    }
    if (prefs.handling === "strict" && prefs.invalid.length > 0) {
      throw new ApiError(
        400,
        "PGRST122",
        "Invalid preferences given with handling=strict",
        `Invalid preferences: ${prefs.invalid.join(", ")}`,
      );
    }
    if (segments.length === 0) {
      if (method !== "GET" && method !== "HEAD") {
        throw new ApiError(
          405,
          "PGRST117",
          `Unsupported HTTP method: ${method}`,
        );
      }
      const media = negotiate(req.headers.accept, ["openapi"]);
      if (!media) {
        throw notAcceptable(req.headers.accept);
      }
      const privileged = await this.transaction(
        req,
        auth,
        schema,
        true,
        prefs,
        async (client) => {
          const { rows } = await client.query(PRIVILEGED_OBJECTS_SQL, [schema]);

          return privilegedObjectsFrom(rows);
        },
      );
      const doc = buildOpenApi(cache, schema, this.config, req, privileged);

      return {
        status: 200,
        headers: {
          "Content-Type": /application\/openapi\+json/i.test(
            req.headers.accept ?? "",
          )
            ? "application/openapi+json; charset=utf-8"
            : "application/json; charset=utf-8",
        },
        body: JSON.stringify(doc),
      };
    }
    const body =
      method === "POST" || method === "PATCH" || method === "PUT"
        ? await readBody(req)
        : undefined;
    if (segments[0] === "rpc" && segments.length === 2) {
      return this.rpc(
        req,
        method,
        cache,
        schema,
        segments[1] as string,
        search,
        prefs,
        auth,
        body,
      );
    }
    if (segments.length !== 1) {
      throw new ApiError(
        404,
        "PGRST125",
        "Invalid path specified in request URL",
      );
    }
    const name = segments[0] as string;
    const table = cache.tables.get(key(schema, name));
    if (!table) {
      throw new ApiError(
        404,
        "PGRST205",
        `Could not find the table '${schema}.${name}' in the schema cache`,
      );
    }
    const query = parseQuery(search);
    if (method === "GET" || method === "HEAD") {
      return this.read(req, cache, schema, table, query, prefs, auth);
    }
    if (
      method === "POST" ||
      method === "PATCH" ||
      method === "DELETE" ||
      method === "PUT"
    ) {
      return this.write(
        req,
        method,
        cache,
        schema,
        table,
        query,
        prefs,
        auth,
        body,
      );
    }
    throw new ApiError(405, "PGRST117", `Unsupported HTTP method: ${method}`);
  }

  private pickSchema(req: http.IncomingMessage, method: string): string {
    const header =
      method === "GET" || method === "HEAD"
        ? req.headers["accept-profile"]
        : req.headers["content-profile"];
    const wanted = Array.isArray(header) ? header[0] : header;
    if (wanted === undefined) {
      return this.config.schemas[0] as string;
    }
    if (!this.config.schemas.includes(wanted)) {
      throw new ApiError(
        406,
        "PGRST106",
        `Invalid schema: ${wanted}`,
        null,
        `Only the following schemas are exposed: ${this.config.schemas.join(", ")}`,
      );
    }

    return wanted;
  }

  private authenticate(req: http.IncomingMessage): Auth {
    const header = req.headers.authorization;
    if (header === undefined) {
      if (!this.config.anonRole) {
        throw new ApiError(
          401,
          "PGRST302",
          "Anonymous access is disabled",
          null,
          null,
          {
            "WWW-Authenticate": "Bearer",
          },
        );
      }

      return {
        role: this.config.anonRole,
        claims: { role: this.config.anonRole },
        authed: false,
      };
    }
    const match = /^bearer\s*(.*)$/i.exec(header.trim());
    if (!match) {
      throw new ApiError(
        401,
        "PGRST301",
        "Expected 3 parts in JWT; got 1",
        null,
        null,
        {
          "WWW-Authenticate": `Bearer error="invalid_token", error_description="Expected 3 parts in JWT; got 1"`,
        },
      );
    }
    const claims = verifyJwt(match[1] ?? "", {
      secret: this.config.jwtSecret,
      audience: this.config.jwtAudience,
    });
    const path = (this.config.roleClaimKey ?? ".role")
      .split(".")
      .filter((part) => part !== "");
    let value: unknown = claims;
    for (const part of path) {
      value =
        value && typeof value === "object"
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
    const role =
      typeof value === "string" && value !== "" ? value : this.config.anonRole;
    if (!role) {
      throw new ApiError(
        401,
        "PGRST302",
        "Anonymous access is disabled",
        null,
        null,
        {
          "WWW-Authenticate": "Bearer",
        },
      );
    }

    return { role, claims, authed: role !== this.config.anonRole };
  }

  // Runs `work` in one transaction with the request's role and settings.
  private async transaction<T>(
    req: http.IncomingMessage,
    auth: Auth,
    schema: string,
    readOnly: boolean,
    prefs: Preferences,
    work: (client: pg.PoolClient) => Promise<T>,
  ): Promise<T> {
    const client = await this.pool.connect();
    let open = false;
    try {
      await client.query(readOnly ? "begin read only" : "begin");
      open = true;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (name !== "cookie") {
          headers[name] = Array.isArray(value)
            ? value.join(", ")
            : (value ?? "");
        }
      }
      const cookies: Record<string, string> = {};
      for (const part of (req.headers.cookie ?? "").split(";")) {
        const index = part.indexOf("=");
        if (index > 0) {
          cookies[part.slice(0, index).trim()] = part.slice(index + 1).trim();
        }
      }
      const url = new URL(req.url ?? "/", "http://localhost");
      const prefix = this.config.prefix ?? "";
      const path =
        prefix && url.pathname.startsWith(prefix)
          ? url.pathname.slice(prefix.length) || "/"
          : url.pathname;
      const searchPath = [
        schema,
        ...(this.config.extraSearchPath ?? ["public"]),
      ]
        .map(ident)
        .join(", ");
      try {
        // the role's own settings (statement_timeout and the like) come
        // first, so that the request's settings win over them
        const values: unknown[] = [];
        const settings: string[] = [];
        const set = (name: string, value: unknown) => {
          values.push(name, value);
          settings.push(
            `set_config($${values.length - 1}, $${values.length}, true)`,
          );
        };
        set("role", auth.role);
        for (const [name, value] of this.cache?.roleSettings.get(auth.role) ??
          []) {
          set(name, value);
        }
        set("request.jwt.claims", JSON.stringify(auth.claims));
        set("request.method", req.method ?? "GET");
        set("request.path", path);
        set("request.headers", JSON.stringify(headers));
        set("request.cookies", JSON.stringify(cookies));
        set("search_path", searchPath);
        if (prefs.timezone) {
          set("timezone", prefs.timezone);
        }
        await client.query(`select ${settings.join(", ")}`, values);
      } catch (error) {
        const pgError = error as { code?: string; message: string };
        if (pgError.code === "22023" && /role/.test(pgError.message)) {
          throw new ApiError(401, "22023", pgError.message, null, null, {
            "WWW-Authenticate": `Bearer error="invalid_token", error_description=${JSON.stringify(pgError.message)}`,
          });
        }
        throw error;
      }
      if (this.config.preRequest) {
        const [fnSchema, fnName] = this.config.preRequest.includes(".")
          ? (this.config.preRequest.split(".") as [string, string])
          : [schema, this.config.preRequest];
        await client.query(`select ${qualified(fnSchema, fnName)}()`);
      }
      const result = await work(client);
      if (prefs.tx === "rollback" && this.config.txAllowOverride) {
        await client.query("rollback");
      } else {
        await client.query("commit");
      }
      open = false;

      return result;
    } catch (error) {
      if (open) {
        await client.query("rollback").catch(() => undefined);
      }
      if (error instanceof ApiError) {
        throw error;
      }
      if (error && typeof error === "object" && "code" in error) {
        throw fromPgError(
          error as { code: string; message: string },
          auth.authed,
        );
      }
      throw error;
    } finally {
      client.release();
    }
  }

  private builder(
    cache: SchemaCache,
    schema: string,
    params: Params,
    nodes: Map<string, NodeOptions>,
  ) {
    return new QueryBuilder(
      cache,
      schema,
      params,
      nodes,
      Boolean(this.config.aggregatesEnabled),
    );
  }

  // The SELECT of a read over `fromSql`, as one statement with the count.
  private readStatement(
    qb: QueryBuilder,
    table: Table | undefined,
    alias: string,
    fromSql: string,
    select: SelectItem[],
    nodes: Map<string, NodeOptions>,
    range: { offset: number; limit?: number },
    count: boolean,
    columnsOf?: Column[],
  ): string {
    const built = qb.build(table, alias, select, [], columnsOf);
    qb.checkPaths();
    const top = nodes.get("") ?? { filters: [], logic: [] };
    const where = [
      ...built.where,
      ...qb.levelConditions(table, alias, top, qb.lastEmbeds),
    ];
    const order = top.order
      ? qb.orderSql(table, alias, top.order, qb.lastRels)
      : [];
    const whereSql = where.length ? ` where ${where.join(" and ")}` : "";
    const joins = built.joins.join(" ");
    let source = `select ${selectList(built.columns)} from ${fromSql} ${joins}${whereSql}`;
    if (built.groupBy.length) {
      source += ` group by ${built.groupBy.join(", ")}`;
    }
    if (order.length) {
      source += ` order by ${order.join(", ")}`;
    }
    if (range.limit !== undefined) {
      source += ` limit ${qb.params.add(range.limit)}`;
    }
    if (range.offset) {
      source += ` offset ${qb.params.add(range.offset)}`;
    }
    let total = "null::int8";
    if (count) {
      const usedJoins = built.joins.filter((join) => {
        const name = /as "(pgrst_embed_\d+)" on true$/.exec(join)?.[1];

        return name !== undefined && whereSql.includes(`"${name}"`);
      });
      total = built.groupBy.length
        ? `(select count(*) from (select 1 from ${fromSql} ${usedJoins.join(" ")}${whereSql} group by ${built.groupBy.join(", ")}) _c)`
        : `(select count(*) from ${fromSql} ${usedJoins.join(" ")}${whereSql})`;
    }

    return `with pgrst_source as (${source})
      select ${total}::text as total, count(*)::int as page_count,
        coalesce(json_agg(_s), '[]')::text as body, ${GUCS}
      from pgrst_source as _s`;
  }

  private range(
    req: http.IncomingMessage,
    top: NodeOptions | undefined,
    method: string,
  ) {
    let offset = top?.offset ?? 0;
    let limit = top?.limit;
    const header = req.headers.range;
    if (header && (method === "GET" || method === "HEAD")) {
      const match = /^\s*(?:items=)?(\d+)-(\d*)\s*$/.exec(header);
      if (match) {
        const from = Number.parseInt(match[1] as string, 10);
        const to = match[2] ? Number.parseInt(match[2], 10) : undefined;
        if (to !== undefined && to < from) {
          throw new ApiError(
            416,
            "PGRST103",
            "Requested range not satisfiable",
            "The lower boundary must be lower than or equal to the upper boundary in the Range header.",
          );
        }
        offset = Math.max(offset, from);
        if (to !== undefined) {
          const size = to - from + 1;
          limit = limit === undefined ? size : Math.min(limit, size);
        }
      }
    }
    if (this.config.maxRows !== undefined) {
      limit =
        limit === undefined
          ? this.config.maxRows
          : Math.min(limit, this.config.maxRows);
    }

    return { offset, limit };
  }

  private async read(
    req: http.IncomingMessage,
    cache: SchemaCache,
    schema: string,
    table: Table,
    query: ParsedQuery,
    prefs: Preferences,
    auth: Auth,
  ): Promise<Reply> {
    const media = negotiate(req.headers.accept, [
      "json",
      "object",
      "csv",
      "array-stripped",
      "object-stripped",
    ]);
    if (!media) {
      throw notAcceptable(req.headers.accept);
    }
    const params = new Params();
    const qb = this.builder(cache, schema, params, query.nodes);
    const range = this.range(req, query.nodes.get(""), req.method ?? "GET");
    // NOTE: count=planned and count=estimated are counted exactly here,
    // where PostgREST takes the planner's estimate for large tables.
    const count = prefs.count !== undefined;
    const sql = this.readStatement(
      qb,
      table,
      table.name,
      `${qualified(table.schema, table.name)} as ${ident(table.name)}`,
      query.select,
      query.nodes,
      range,
      count,
    );
    const result = await this.transaction(
      req,
      auth,
      schema,
      true,
      prefs,
      async (client) => rowOf(await client.query(sql, params.values)),
    );

    const reply = this.readReply(
      result,
      media,
      range.offset,
      prefs,
      count,
      req.method === "HEAD",
    );
    const pairs = [...query.rawPairs].sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    const search = new URLSearchParams(pairs).toString();
    reply.headers["Content-Location"] =
      `/${encodeURIComponent(table.name)}${search ? `?${search}` : ""}`;

    return reply;
  }

  private readReply(
    result: StatementResult,
    media: MediaType,
    offset: number,
    prefs: Preferences,
    count: boolean,
    _head: boolean,
  ): Reply {
    const headers: Record<string, string> = {};
    const total = result.total === null ? undefined : Number(result.total);
    const pageCount = result.pageCount;
    const upper = offset + pageCount - 1;
    const rangeText = pageCount > 0 ? `${offset}-${upper}` : "*";
    headers["Content-Range"] = `${rangeText}/${total ?? "*"}`;
    let status = 200;
    if (total !== undefined) {
      if (
        offset > total ||
        (offset > 0 && offset >= total && pageCount === 0 && total > 0)
      ) {
        throw new ApiError(
          416,
          "PGRST103",
          "Requested range not satisfiable",
          `An offset of ${offset} was requested, but there are only ${total} rows.`,
          null,
          { "Content-Range": `*/${total}` },
        );
      }
      if (pageCount < total) {
        status = 206;
      }
    }
    const applied: string[] = [];
    if (count && prefs.count) {
      applied.push(`count=${prefs.count}`);
    }
    if (prefs.timezone) {
      applied.push(`timezone=${prefs.timezone}`);
    }
    if (applied.length) {
      headers["Preference-Applied"] = applied.join(", ");
    }
    const body = this.formatBody(result.body ?? "[]", pageCount, media);
    headers["Content-Type"] = body.type;
    const reply: Reply = { status, headers, body: body.text };

    return applyGucs(reply, result);
  }

  private formatBody(
    json: string,
    pageCount: number,
    media: MediaType,
  ): { text: string; type: string } {
    if (media === "object" || media === "object-stripped") {
      if (pageCount !== 1) {
        throw singularError(pageCount);
      }
      const row = (JSON.parse(json) as unknown[])[0];

      return {
        text: JSON.stringify(
          media === "object-stripped" ? stripNulls(row) : row,
        ),
        type:
          media === "object-stripped"
            ? "application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8"
            : "application/vnd.pgrst.object+json; charset=utf-8",
      };
    }
    if (media === "csv") {
      return {
        text: toCsv(JSON.parse(json) as Array<Record<string, unknown>>),
        type: "text/csv; charset=utf-8",
      };
    }
    if (media === "array-stripped") {
      return {
        text: JSON.stringify(stripNulls(JSON.parse(json))),
        type: "application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8",
      };
    }

    return { text: json, type: JSON_TYPE };
  }

  private async write(
    req: http.IncomingMessage,
    method: string,
    cache: SchemaCache,
    schema: string,
    table: Table,
    query: ParsedQuery,
    prefs: Preferences,
    auth: Auth,
    rawBody: Buffer | undefined,
  ): Promise<Reply> {
    const media = negotiate(req.headers.accept, [
      "json",
      "object",
      "csv",
      "array-stripped",
      "object-stripped",
    ]);
    if (!media) {
      throw notAcceptable(req.headers.accept);
    }
    const params = new Params();
    const qb = this.builder(cache, schema, params, query.nodes);
    const alias = table.name;
    const target = `${qualified(table.schema, table.name)}`;
    const top = query.nodes.get("") ?? { filters: [], logic: [] };
    const returnRows =
      prefs.return === "representation" ||
      media === "object" ||
      media === "object-stripped";
    const headersOnly = prefs.return === "headers-only";
    let statement: string;
    let resolution: Preferences["resolution"];
    let returning = returnRows || headersOnly;
    if (method === "POST" || method === "PUT") {
      const payload = parsePayload(
        req,
        rawBody,
        table,
        query.columns !== undefined,
      );
      let rows = payload.rows;
      let columns = query.columns ?? payload.columns;
      if (method === "PUT") {
        rows = this.checkPut(table, top, query, rows);
        columns = query.columns ?? payload.columns;
      }
      for (const column of columns) {
        if (!table.columnMap.has(column)) {
          throw new ApiError(
            400,
            "PGRST204",
            `Could not find the '${column}' column of '${table.name}' in the schema cache`,
          );
        }
      }
      if (rows.length === 0) {
        statement = `insert into ${target} as ${ident(alias)} select * from json_populate_recordset(null::${target}, ${params.add("[]")}::json)`;
      } else if (columns.length === 0) {
        statement = `insert into ${target} as ${ident(alias)} default values`;
      } else {
        const json = params.add(JSON.stringify(rows));
        const values = columns.map((column) => {
          const col = table.columnMap.get(column) as Column;
          if (prefs.missing === "default" && col.default !== null) {
            return `case when _e.j::jsonb ? ${params.add(column)}::text then _r.${ident(column)} else ${col.default} end`;
          }

          return `_r.${ident(column)}`;
        });
        statement = `insert into ${target} as ${ident(alias)} (${columns.map(ident).join(", ")})
          select ${values.join(", ")} from json_array_elements(${json}::json) with ordinality _e(j, n)
          cross join lateral json_populate_record(null::${target}, _e.j) _r order by _e.n`;
      }
      const conflict = query.onConflict ?? table.primaryKey;
      resolution = method === "PUT" ? "merge-duplicates" : prefs.resolution;
      if (conflict.length === 0) {
        resolution = undefined;
      }
      if (resolution) {
        if (resolution === "ignore-duplicates") {
          statement += ` on conflict (${conflict.map(ident).join(", ")}) do nothing`;
        } else {
          const updates = columns
            .filter((column) => !conflict.includes(column) || true)
            .map((column) => `${ident(column)} = excluded.${ident(column)}`);
          statement += updates.length
            ? ` on conflict (${conflict.map(ident).join(", ")}) do update set ${updates.join(", ")}`
            : ` on conflict (${conflict.map(ident).join(", ")}) do nothing`;
        }
      } else if (query.onConflict && method === "POST") {
        // on_conflict without a resolution still names the conflict target
      }
    } else if (method === "PATCH") {
      const payload = parsePayload(req, rawBody, table);
      const row = payload.rows[0] ?? {};
      const columns = query.columns ?? payload.columns;
      for (const column of columns) {
        if (!table.columnMap.has(column)) {
          throw new ApiError(
            400,
            "PGRST204",
            `Could not find the '${column}' column of '${table.name}' in the schema cache`,
          );
        }
      }
      if (columns.length === 0) {
        return {
          status: returnRows ? 200 : 204,
          headers: returnRows
            ? { "Content-Type": JSON_TYPE, "Content-Range": "*/*" }
            : { "Content-Range": "*/*" },
          body: returnRows ? (media === "object" ? "" : "[]") : undefined,
        };
      }
      const where = qb.levelConditions(table, alias, top, new Map());
      statement = `update ${target} as ${ident(alias)} set ${columns
        .map((column) => `${ident(column)} = _b.${ident(column)}`)
        .join(
          ", ",
        )} from (select * from json_populate_record(null::${target}, ${params.add(JSON.stringify(row))}::json)) _b${
        where.length ? ` where ${where.join(" and ")}` : ""
      }`;
    } else {
      const where = qb.levelConditions(table, alias, top, new Map());
      statement = `delete from ${target} as ${ident(alias)}${where.length ? ` where ${where.join(" and ")}` : ""}`;
    }
    if (
      (prefs.maxAffected !== undefined && prefs.handling === "strict") ||
      resolution !== undefined
    ) {
      returning = true;
    }
    const pk = table.primaryKey;
    let sql: string;
    if (returnRows) {
      const select = query.select;
      const built = qb.build(table, alias, select, []);
      sql = `with pgrst_source as (${statement} returning ${ident(alias)}.*${resolution ? `, ${ident(alias)}.xmax = 0 as pgrst_inserted` : ""})
        select ${resolution ? "(select count(*) from pgrst_source where pgrst_inserted)" : "null"}::text as total, (select count(*)::int from pgrst_source) as page_count,
          coalesce(json_agg(_s), '[]')::text as body, ${GUCS}
        from (select ${selectList(built.columns)} from pgrst_source as ${ident(alias)} ${built.joins.join(" ")}) as _s`;
    } else if (returning) {
      const location = pk.length
        ? `(select json_agg(json_build_array(${pk.map((column) => `${ident(column)}::text`).join(", ")})) from pgrst_source)::text`
        : "null::text";
      sql = `with pgrst_source as (${statement} returning ${ident(alias)}.*${resolution ? `, ${ident(alias)}.xmax = 0 as pgrst_inserted` : ""})
        select ${resolution ? "count(*) filter (where pgrst_inserted)" : "null"}::text as total, count(*)::int as page_count, null::text as body,
          ${location} as location, ${GUCS} from pgrst_source`;
    } else {
      sql = statement;
    }
    const result = await this.transaction(
      req,
      auth,
      schema,
      false,
      prefs,
      async (client) => {
        const output = await client.query(sql, params.values);
        let row: StatementResult;
        if (returning) {
          row = rowOf(output);
        } else {
          const gucs = await client.query(`select ${GUCS}`);
          const guc = gucs.rows[0] as Record<string, string | null>;
          row = {
            total: null,
            pageCount: output.rowCount ?? 0,
            body: null,
            responseHeaders: guc.response_headers ?? null,
            responseStatus: guc.response_status ?? null,
          };
        }
        if (
          prefs.maxAffected !== undefined &&
          prefs.handling === "strict" &&
          row.pageCount > prefs.maxAffected
        ) {
          throw new ApiError(
            400,
            "PGRST124",
            "Query result exceeds max-affected preference constraint",
            `The query affects ${row.pageCount} rows`,
          );
        }
        if (
          (media === "object" || media === "object-stripped") &&
          row.pageCount !== 1
        ) {
          throw singularError(row.pageCount);
        }

        return row;
      },
    );
    const headers: Record<string, string> = {};
    const applied: string[] = [];
    if (resolution && method === "POST") {
      applied.push(`resolution=${resolution}`);
    }
    if (prefs.missing === "default") {
      applied.push("missing=default");
    }
    if (prefs.return) {
      applied.push(`return=${prefs.return}`);
    }
    if (prefs.count) {
      applied.push(`count=${prefs.count}`);
    }
    if (prefs.handling) {
      applied.push(`handling=${prefs.handling}`);
    }
    if (prefs.maxAffected !== undefined && prefs.handling === "strict") {
      applied.push(`max-affected=${prefs.maxAffected}`);
    }
    if (prefs.tx && this.config.txAllowOverride) {
      applied.push(`tx=${prefs.tx}`);
    }
    if (applied.length) {
      headers["Preference-Applied"] = applied.join(", ");
    }
    let status: number;
    const affected = result.pageCount;
    headers["Content-Range"] =
      method === "PATCH" && affected > 0
        ? `0-${affected - 1}/${prefs.count ? affected : "*"}`
        : `*/${prefs.count ? affected : "*"}`;
    if (method === "POST") {
      status =
        resolution && result.total !== null && Number(result.total) === 0
          ? 200
          : 201;
      if (headersOnly && result.location && pk.length) {
        const ids = JSON.parse(result.location) as string[][];
        if (ids.length === 1) {
          const first = ids[0] as string[];
          headers.Location = `/${encodeURIComponent(table.name)}?${pk
            .map(
              (column, index) =>
                `${column}=eq.${encodeURIComponent(first[index] ?? "")}`,
            )
            .join("&")}`;
        }
      }
    } else {
      status = returnRows ? 200 : 204;
      if (method === "PUT") {
        delete headers["Content-Range"];
        if (returnRows && result.total !== null && Number(result.total) > 0) {
          status = 201;
        }
      }
    }
    const reply: Reply = { status, headers };
    if (returnRows) {
      const body = this.formatBody(
        result.body ?? "[]",
        result.pageCount,
        media,
      );
      reply.body = body.text;
      headers["Content-Type"] = body.type;
    }

    return applyGucs(reply, result);
  }

  private checkPut(
    table: Table,
    top: NodeOptions,
    query: ParsedQuery,
    rows: Array<Record<string, unknown>>,
  ): Array<Record<string, unknown>> {
    if (top.limit !== undefined || top.offset !== undefined) {
      throw new ApiError(
        400,
        "PGRST114",
        "limit/offset querystring parameters are not allowed for PUT",
      );
    }
    const pk = table.primaryKey;
    const eqs = new Map<string, string>();
    const valid =
      top.logic.length === 0 &&
      pk.length > 0 &&
      top.filters.every(
        (filter) =>
          filter.op === "eq" &&
          !filter.negate &&
          !filter.quantifier &&
          filter.field.json.length === 0 &&
          pk.includes(filter.field.name) &&
          !eqs.has(filter.field.name) &&
          eqs.set(filter.field.name, filter.value) !== undefined,
      ) &&
      pk.every((column) => eqs.has(column)) &&
      query.nodes.size <= 1;
    if (!valid) {
      throw new ApiError(
        405,
        "PGRST105",
        "Filters must include all and only primary key columns with 'eq' operators",
      );
    }
    if (rows.length !== 1) {
      throw new ApiError(
        400,
        "PGRST115",
        "Payload values do not match URL in primary key column(s)",
      );
    }
    const row = rows[0] as Record<string, unknown>;
    for (const column of pk) {
      const value = row[column];
      if (value === undefined || String(value) !== eqs.get(column)) {
        throw new ApiError(
          400,
          "PGRST115",
          "Payload values do not match URL in primary key column(s)",
        );
      }
    }

    return rows;
  }

  private async rpc(
    req: http.IncomingMessage,
    method: string,
    cache: SchemaCache,
    schema: string,
    name: string,
    search: string,
    prefs: Preferences,
    auth: Auth,
    rawBody: Buffer | undefined,
  ): Promise<Reply> {
    if (method !== "GET" && method !== "HEAD" && method !== "POST") {
      throw new ApiError(
        405,
        "PGRST101",
        `Cannot use the ${method} method on RPC`,
      );
    }
    const candidates = cache.functions.get(key(schema, name)) ?? [];
    const contentType = (req.headers["content-type"] ?? "application/json")
      .split(";")[0]
      ?.trim()
      .toLowerCase();
    let args: Record<string, unknown> = {};
    let rawArg: { value: unknown; type: string } | undefined;
    const urlParams = new URLSearchParams(search);
    const reserved = new Set([
      "select",
      "order",
      "limit",
      "offset",
      "columns",
      "on_conflict",
      "and",
      "or",
    ]);
    if (method === "POST") {
      const text = rawBody?.toString("utf8") ?? "";
      if (contentType === "application/json" || contentType === undefined) {
        if (text.trim() === "") {
          args = {};
        } else {
          const parsed = parseJsonBody(text);
          const single = candidates.find(
            (fn) =>
              fn.params.length === 1 &&
              fn.params[0]?.name === "" &&
              /^jsonb?$/.test(fn.params[0]?.type ?? ""),
          );
          if (single || prefs.params === "single-object") {
            rawArg = { value: text, type: single?.params[0]?.type ?? "json" };
          } else if (
            parsed &&
            typeof parsed === "object" &&
            !Array.isArray(parsed)
          ) {
            args = parsed as Record<string, unknown>;
          } else if (
            Array.isArray(parsed) &&
            parsed.length > 0 &&
            parsed[0] &&
            typeof parsed[0] === "object" &&
            !Array.isArray(parsed[0])
          ) {
            args = parsed[0] as Record<string, unknown>;
          } else {
            throw new ApiError(400, "PGRST102", "Empty or invalid json");
          }
        }
      } else if (contentType === "application/x-www-form-urlencoded") {
        for (const [k, v] of new URLSearchParams(text)) {
          args[k] = v;
        }
      } else {
        const typeFor: Record<string, string> = {
          "text/plain": "text",
          "application/octet-stream": "bytea",
          "text/xml": "xml",
        };
        // As in PostgREST (Error.hs and ApiRequest/Payload.hs on its main
        // branch): a raw body type without a matching function is a missing
        // function, and any other type an invalid body.
        const type = contentType ? typeFor[contentType] : undefined;
        if (!type) {
          throw new ApiError(
            400,
            "PGRST102",
            `Content-Type not acceptable: ${contentType}`,
          );
        }

        const single = candidates.find(
          (fn) =>
            fn.params.length === 1 &&
            fn.params[0]?.name === "" &&
            fn.params[0]?.type === type,
        );
        if (!single) {
          throw new ApiError(
            404,
            "PGRST202",
            `Could not find the function ${schema}.${name} in the schema cache`,
            `Searched for the function ${schema}.${name} with a single ` +
              `unnamed ${type} parameter, but no matches were found in the ` +
              "schema cache.",
          );
        }
        rawArg = {
          value: type === "bytea" ? (rawBody ?? Buffer.alloc(0)) : text,
          type: type as string,
        };
      }
    }
    let fn: DbFunction | undefined;
    if (rawArg) {
      fn =
        candidates.find(
          (c) =>
            c.params.length === 1 &&
            c.params[0]?.type === rawArg?.type &&
            c.params[0]?.name === "",
        ) ??
        candidates.find(
          (c) =>
            c.params.length === 1 && /^jsonb?$/.test(c.params[0]?.type ?? ""),
        );
      if (!fn) {
        throw new ApiError(
          404,
          "PGRST202",
          `Could not find the function ${schema}.${name} in the schema cache`,
        );
      }
    } else {
      if (method !== "POST") {
        const names = new Set(
          candidates.flatMap((c) => c.params.map((p) => p.name)),
        );
        for (const [k, v] of urlParams) {
          if (
            reserved.has(k) ||
            k.includes(".") ||
            (!names.has(k) && candidates.length > 0 && isFilterValue(v))
          ) {
            continue;
          }
          const param = candidates
            .flatMap((c) => c.params)
            .find((p) => p.name === k);
          if (param?.variadic || param?.type.endsWith("[]")) {
            const list = (args[k] as string[] | undefined) ?? [];
            args[k] = [...list, v];
          } else {
            args[k] = v;
          }
        }
      }
      const given = Object.keys(args);
      const matching = candidates.filter(
        (c) =>
          given.every((k) => c.params.some((p) => p.name === k)) &&
          c.params.every(
            (p) => p.hasDefault || p.variadic || given.includes(p.name),
          ),
      );
      if (matching.length === 0) {
        throw functionNotFound(cache, schema, name, given, method === "POST");
      }
      if (matching.length > 1) {
        // prefer the overload that uses every given argument with fewest extras
        matching.sort((a, b) => a.params.length - b.params.length);
        const exact = matching.filter((c) => c.params.length === given.length);
        if (exact.length !== 1) {
          throw new ApiError(
            300,
            "PGRST203",
            `Could not choose the best candidate function between: ${matching
              .map(
                (c) =>
                  `${c.schema}.${c.name}(${c.params.map((p) => `${p.name} => ${p.type}`).join(", ")})`,
              )
              .join(", ")}`,
            null,
            "Try renaming the parameters or the function itself in the database so function overloading can be resolved",
          );
        }
        fn = exact[0];
      } else {
        fn = matching[0];
      }
    }
    const chosen = fn as DbFunction;
    // filters are the query keys that are not arguments
    const filterSearch = new URLSearchParams();
    for (const [k, v] of urlParams) {
      if (method === "POST" || !(k in args)) {
        filterSearch.append(k, v);
      }
    }
    const query = parseQuery(filterSearch.toString());
    const params = new Params();
    const qb = this.builder(cache, schema, params, query.nodes);
    const alias = chosen.name;
    let call: string;
    let from: string;
    if (rawArg) {
      const placeholder = params.add(rawArg.value);
      call = `${qualified(chosen.schema, chosen.name)}(${placeholder}::${rawArg.type === "bytea" ? "bytea" : rawArg.type})`;
      from = `${call} as ${ident(alias)}`;
    } else {
      const used = chosen.params.filter((p) => p.name in args);
      if (used.length === 0) {
        call = `${qualified(chosen.schema, chosen.name)}()`;
        from = `${call} as ${ident(alias)}`;
      } else {
        const json = params.add(
          JSON.stringify(
            Object.fromEntries(used.map((p) => [p.name, args[p.name]])),
          ),
        );
        const defs = used.map((p) => `${ident(p.name)} ${p.type}`).join(", ");
        const named = used
          .map(
            (p) =>
              `${p.variadic ? "variadic " : ""}${ident(p.name)} := _args.${ident(p.name)}`,
          )
          .join(", ");
        call = `${qualified(chosen.schema, chosen.name)}(${named})`;
        from = `json_to_record(${json}::json) as _args(${defs}) cross join lateral ${call} as ${ident(alias)}`;
      }
    }
    const readOnly = method !== "POST" || chosen.volatility !== "v";
    const tableLike =
      chosen.returnsTable ??
      (chosen.returnColumns ? pseudoTable(chosen) : undefined);
    const media = negotiate(
      req.headers.accept,
      tableLike
        ? ["json", "object", "csv", "array-stripped", "object-stripped"]
        : [
            "json",
            "object",
            "array-stripped",
            "object-stripped",
            ...(chosen.returnType === "text" ? ["text" as MediaType] : []),
            ...(chosen.returnType === "bytea" ? ["octet" as MediaType] : []),
          ],
    );
    if (!media) {
      throw notAcceptable(req.headers.accept);
    }
    const range = this.range(req, query.nodes.get(""), method);
    const count = prefs.count !== undefined;
    let sql: string;
    if (tableLike) {
      sql = this.readStatement(
        qb,
        tableLike,
        alias,
        from,
        query.select,
        query.nodes,
        range,
        count,
      );
    } else if (chosen.returnsSet) {
      const top = query.nodes.get("") ?? { filters: [], logic: [] };
      const where = qb.levelConditions(undefined, alias, top, new Map());
      const order = top.order
        ? qb.orderSql(undefined, alias, top.order, new Map())
        : [];
      let source = `select ${ident(alias)} from ${from}${where.length ? ` where ${where.join(" and ")}` : ""}`;
      if (order.length) source += ` order by ${order.join(", ")}`;
      if (range.limit !== undefined)
        source += ` limit ${params.add(range.limit)}`;
      if (range.offset) source += ` offset ${params.add(range.offset)}`;
      sql = `with pgrst_source as (${source})
        select ${count ? `(select count(*) from ${from})` : "null"}::text as total, count(*)::int as page_count,
          coalesce(json_agg(_s.${ident(alias)}), '[]')::text as body, ${GUCS} from pgrst_source _s`;
    } else {
      const scalar = media === "text" || media === "octet";
      sql = `with pgrst_source as (select ${ident(alias)} as v from ${from})
        select null::text as total, count(*)::int as page_count,
          ${scalar ? "(select v from pgrst_source limit 1)" : "(select to_json(v) from pgrst_source limit 1)::text"} as body, ${GUCS}
        from pgrst_source`;
    }
    const result = await this.transaction(
      req,
      auth,
      schema,
      readOnly && method !== "POST" ? true : false,
      prefs,
      async (client) => {
        const output = await client.query(sql, params.values);
        const row = rowOf(output);
        if (
          (media === "object" || media === "object-stripped") &&
          tableLike &&
          chosen.returnsSet &&
          row.pageCount !== 1
        ) {
          throw singularError(row.pageCount);
        }
        return row;
      },
    );
    if (tableLike && chosen.returnsSet) {
      return this.readReply(
        result,
        media,
        range.offset,
        prefs,
        count,
        method === "HEAD",
      );
    }
    if (chosen.returnType === "void") {
      return applyGucs({ status: 204, headers: {} }, result);
    }
    let body = result.body ?? "null";
    let type = JSON_TYPE;
    if (tableLike) {
      const rows = JSON.parse(body) as unknown[];
      body = JSON.stringify(rows[0] ?? null);
      if (media === "object")
        type = "application/vnd.pgrst.object+json; charset=utf-8";
    } else if (media === "text") {
      type = "text/plain; charset=utf-8";
      body = result.body ?? "";
    } else if (media === "octet") {
      type = "application/octet-stream";
      body = result.body ?? "";
    }

    return applyGucs(
      {
        status: 200,
        headers: {
          "Content-Type": type,
          "Content-Range": `0-0/${count ? 1 : "*"}`,
        },
        body,
      },
      result,
    );
  }
}

function isFilterValue(value: string): boolean {
  return /^(not\.)?\w+(\([^)]*\))?\./.test(value);
}

function pseudoTable(fn: DbFunction): Table {
  const columns = fn.returnColumns ?? [];

  return {
    schema: fn.schema,
    name: fn.name,
    kind: "view",
    insertable: false,
    columns,
    columnMap: new Map(columns.map((column) => [column.name, column])),
    primaryKey: [],
    uniqueKeys: [],
    description: null,
  };
}

// Cosine similarity of character n-grams, as fuzzy-set matching scores.
function grams(text: string, size: number): Map<string, number> {
  const padded = `-${text.toLowerCase()}-`;
  const counts = new Map<string, number>();
  for (let i = 0; i + size <= padded.length; i++) {
    const gram = padded.slice(i, i + size);
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }

  return counts;
}

function similarity(a: string, b: string, size: number): number {
  const left = grams(a, size);
  const right = grams(b, size);
  let dot = 0;
  for (const [gram, count] of left) {
    dot += count * (right.get(gram) ?? 0);
  }
  const norm = (counts: Map<string, number>) =>
    Math.sqrt(
      [...counts.values()].reduce((sum, count) => sum + count * count, 0),
    );
  const denominator = norm(left) * norm(right);

  return denominator === 0 ? 0 : dot / denominator;
}

// The closest candidate, when it is similar enough to be worth naming.
function closest(wanted: string, candidates: string[]): string | undefined {
  for (const size of [3, 2]) {
    let best: { score: number; text: string } | undefined;
    for (const candidate of candidates) {
      const score = similarity(wanted, candidate, size);
      if (!best || score > best.score) {
        best = { score, text: candidate };
      }
    }
    if (best && best.score >= 0.33) {
      return best.text;
    }
  }

  return undefined;
}

function functionNotFound(
  cache: SchemaCache,
  schema: string,
  name: string,
  given: string[],
  post: boolean,
): ApiError {
  const sorted = [...given].sort();
  const list = sorted.join(", ");
  const message = sorted.length
    ? `Could not find the function ${schema}.${name}(${list}) in the schema cache`
    : `Could not find the function ${schema}.${name} without parameters in the schema cache`;
  const json = post ? " or with a single unnamed json/jsonb parameter" : "";
  const details = sorted.length
    ? `Searched for the function ${schema}.${name} with parameters ${list}${json}, but no matches were found in the schema cache.`
    : `Searched for the function ${schema}.${name} without parameters${json}, but no matches were found in the schema cache.`;
  // the closest function: the same name with other arguments, otherwise a
  // function with a similar name
  let hint: string | null = null;
  const overloads = cache.functions.get(key(schema, name)) ?? [];
  if (overloads.length > 0) {
    const lists = overloads.map(
      (fn) =>
        `(${fn.params
          .map((p) => p.name)
          .sort()
          .join(", ")})`,
    );
    const match = closest(`(${list})`, lists);
    if (match) {
      hint = `Perhaps you meant to call the function ${schema}.${name}${match}`;
    }
  } else {
    const names = [...cache.functions.values()]
      .flat()
      .filter((fn) => fn.schema === schema)
      .map((fn) => fn.name);
    const match = closest(name, names);
    if (match) {
      hint = `Perhaps you meant to call the function ${schema}.${match}`;
    }
  }

  return new ApiError(404, "PGRST202", message, details, hint);
}

function rowOf(result: pg.QueryResult): StatementResult {
  const row = (result.rows[0] ?? {}) as Record<string, unknown>;

  return {
    total: (row.total as string | null) ?? null,
    pageCount: Number(row.page_count ?? 0),
    body: (row.body as string | null) ?? null,
    responseHeaders: (row.response_headers as string | null) ?? null,
    responseStatus: (row.response_status as string | null) ?? null,
    location: (row.location as string | null) ?? null,
  };
}

function applyGucs(reply: Reply, result: StatementResult): Reply {
  if (result.responseHeaders) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.responseHeaders);
    } catch {
      parsed = undefined;
    }
    const valid =
      Array.isArray(parsed) &&
      parsed.every(
        (entry) =>
          entry &&
          typeof entry === "object" &&
          Object.keys(entry).length === 1 &&
          typeof Object.values(entry)[0] === "string",
      );
    if (!valid) {
      throw new ApiError(
        500,
        "PGRST111",
        "response.headers guc must be a JSON array composed of objects with a single key and a string value",
      );
    }
    for (const entry of parsed as Array<Record<string, string>>) {
      const [name, value] = Object.entries(entry)[0] as [string, string];
      const existing = Object.keys(reply.headers).find(
        (h) => h.toLowerCase() === name.toLowerCase(),
      );
      if (existing && name.toLowerCase() === "set-cookie") {
        reply.headers[existing] = `${reply.headers[existing]}\n${value}`;
      } else {
        if (existing) delete reply.headers[existing];
        reply.headers[name] = value;
      }
    }
  }
  if (result.responseStatus) {
    const status = Number(result.responseStatus);
    if (!/^\d+$/.test(result.responseStatus) || status < 100 || status > 599) {
      throw new ApiError(
        500,
        "PGRST112",
        "response.status guc must be a valid status code",
      );
    }
    reply.status = status;
  }

  return reply;
}

function singularError(count: number): ApiError {
  return new ApiError(
    406,
    "PGRST116",
    "Cannot coerce the result to a single JSON object",
    `The result contains ${count} rows`,
  );
}

function notAcceptable(accept: string | undefined): ApiError {
  return new ApiError(
    406,
    "PGRST107",
    `None of these media types are available: ${(accept ?? "")
      .split(",")
      .map((part) => part.split(";")[0]?.trim())
      .join(", ")}`,
  );
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(stripNulls);
  }
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, stripNulls(v)]),
    );
  }

  return value;
}

function csvValue(value: unknown): string {
  if (value === null || value === undefined) {
    return "";
  }
  const text =
    typeof value === "object" ? JSON.stringify(value) : String(value);

  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(rows: Array<Record<string, unknown>>): string {
  if (rows.length === 0) {
    return "";
  }
  const columns = Object.keys(rows[0] as Record<string, unknown>);
  const lines = [columns.map(csvValue).join(",")];
  for (const row of rows) {
    lines.push(columns.map((column) => csvValue(row[column])).join(","));
  }

  return lines.join("\n");
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 50 * 1024 * 1024) {
      throw new ApiError(413, "PGRST102", "Request body is too large");
    }
    chunks.push(chunk as Buffer);
  }

  return Buffer.concat(chunks);
}

const WRITE_BODY_TYPES = new Set([
  "application/json",
  "text/csv",
  "application/x-www-form-urlencoded",
]);

// The rows of a write's body: JSON (one object or an array), CSV or a form.
function parsePayload(
  req: http.IncomingMessage,
  body: Buffer | undefined,
  _table: Table,
  columnsGiven = false,
): { rows: Array<Record<string, unknown>>; columns: string[] } {
  const contentType = (req.headers["content-type"] ?? "application/json")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  // PostgREST parses a table write as JSON (also when no Content-Type is
  // sent), CSV or a form, and rejects any other type with 400 PGRST102, as
  // src/PostgREST/ApiRequest/Payload.hs on its main branch does.
  if (!WRITE_BODY_TYPES.has(contentType ?? "")) {
    throw new ApiError(
      400,
      "PGRST102",
      `Content-Type not acceptable: ${contentType}`,
    );
  }
  const text = body?.toString("utf8") ?? "";
  if (contentType === "text/csv") {
    const lines = text.split(/\r?\n/).filter((line) => line !== "");
    const header = parseCsvLine(lines[0] ?? "");
    const rows = lines.slice(1).map((line) => {
      const values = parseCsvLine(line);
      if (values.length !== header.length) {
        throw new ApiError(
          400,
          "PGRST102",
          "All lines must have same number of fields",
        );
      }

      return Object.fromEntries(
        header.map((h, i) => [h, values[i] === "NULL" ? null : values[i]]),
      );
    });

    return { rows, columns: header };
  }
  if (contentType === "application/x-www-form-urlencoded") {
    const row = Object.fromEntries(new URLSearchParams(text));

    return { rows: [row], columns: Object.keys(row) };
  }
  const parsed = text.trim() === "" ? {} : parseJsonBody(text);
  if (Array.isArray(parsed)) {
    if (
      !parsed.every(
        (row) => row && typeof row === "object" && !Array.isArray(row),
      )
    ) {
      throw new ApiError(400, "PGRST102", "Empty or invalid json");
    }
    const rows = parsed as Array<Record<string, unknown>>;
    const columns = Object.keys(rows[0] ?? {});
    const signature = [...columns].sort().join("\u0000");
    for (const row of rows) {
      if (
        !columnsGiven &&
        Object.keys(row).sort().join("\u0000") !== signature
      ) {
        throw new ApiError(400, "PGRST102", "All object keys must match");
      }
    }

    return { rows, columns };
  }
  if (parsed && typeof parsed === "object") {
    const row = parsed as Record<string, unknown>;

    return { rows: [row], columns: Object.keys(row) };
  }
  throw new ApiError(400, "PGRST102", "Empty or invalid json");
}

function parseCsvLine(line: string): string[] {
  const values: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        current += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ",") {
      values.push(current);
      current = "";
    } else {
      current += ch;
    }
  }
  values.push(current);

  return values;
}

function errorReply(error: unknown): Reply {
  if (error instanceof ApiError) {
    const reply: Reply & { statusText?: string } = {
      status: error.status,
      headers: {
        "Content-Type": JSON_TYPE,
        "Proxy-Status": `PostgREST; error=${error.code}`,
        ...error.headers,
      },
      body: JSON.stringify(error.body()),
    };
    const statusText = (error as ApiError & { statusText?: string }).statusText;
    if (statusText) {
      reply.statusText = statusText;
    }

    return reply;
  }
  if (
    error &&
    typeof error === "object" &&
    "code" in error &&
    typeof (error as { code: unknown }).code === "string"
  ) {
    return errorReply(
      fromPgError(error as { code: string; message: string }, false),
    );
  }
  console.error("[rest] unexpected error:", error);

  return {
    status: 500,
    headers: { "Content-Type": JSON_TYPE },
    body: JSON.stringify({
      code: "PGRST000",
      details: null,
      hint: null,
      message: (error as Error)?.message ?? "internal error",
    }),
  };
}

export async function createRestServer(
  config: RestConfig,
): Promise<RestServer> {
  const server = new RestServer(config);
  await server.start();

  return server;
}
