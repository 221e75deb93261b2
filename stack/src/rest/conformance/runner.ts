// Replays the PostgREST conformance cases against the REST server: one
// throwaway database per case, made from a template loaded with the suite's
// fixtures, and a REST server configured as the case requests. Reads without
// preconditions share one database and one server per configuration.
import { createHmac } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import YAML from "yaml";
import { PostgresServer } from "../../postgres.ts";
import type { RestConfig } from "../config.ts";
import { createRestServer, type RestServer } from "../server.ts";
import { EXCLUDED, EXCLUDED_FEATURES, EXCLUDED_KINDS } from "./settings.ts";

export const SECRET = "reallyreallyreallyreallyverysafe";
const ANON = "postgrest_test_anonymous";
const AUTHENTICATOR = "conformance_authenticator";
const AUTHENTICATOR_PASSWORD = "conformance";

type Case = {
  id: number;
  feature: string;
  schema: string;
  file: string;
  config?: Record<string, unknown>;
  preconditions?: string[];
  request: {
    kind?: string;
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    jwt?: { payload: Record<string, unknown> };
    body?: unknown;
    body_json?: unknown;
    body_raw?: string;
  };
  expect: Record<string, unknown>;
};

export type CaseResult = {
  id: number;
  area: string;
  outcome: "passed" | "failed" | "excluded";
  reason?: string;
};

export type RunSummary = {
  results: CaseResult[];
  passed: number;
  failed: number;
  excluded: number;
  corePassed: number;
  coreTotal: number;
};

export function suiteDir(rootDir: string): string {
  return path.resolve(rootDir, "..", "shared", "conformance");
}

// The core case ids listed per area in CORE.md.
export async function coreIds(rootDir: string): Promise<Set<number>> {
  const file = path.join(suiteDir(rootDir), "CORE.md");
  const ids = new Set<number>();
  if (!existsSync(file)) {
    return ids;
  }
  for (const line of (await readFile(file, "utf8")).split("\n")) {
    const match = /^- \*\*\w+\*\* \(\d+\): (.*)$/.exec(line);
    for (const id of match?.[1]?.split(",") ?? []) {
      ids.add(Number.parseInt(id.trim(), 10));
    }
  }

  return ids;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

function sign(payload: Record<string, unknown>): string {
  const header = Buffer.from(
    JSON.stringify({ alg: "HS256", typ: "JWT" }),
  ).toString("base64url");
  const body = Buffer.from(JSON.stringify(payload)).toString("base64url");
  const signature = createHmac("sha256", SECRET)
    .update(`${header}.${body}`)
    .digest("base64url");

  return `${header}.${body}.${signature}`;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (typeof a === "number" && typeof b === "number") {
    return Math.abs(a - b) < 1e-9;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ak = Object.keys(a as object);
    const bk = Object.keys(b as object);

    return (
      ak.length === bk.length &&
      ak.every((k) =>
        deepEqual(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
        ),
      )
    );
  }

  return false;
}

// A small JSONPath: $, .name, [n], ['name'], ["name"].
function jsonPath(
  document: unknown,
  expression: string,
): { found: boolean; value: unknown } {
  let rest = expression.trim();
  if (!rest.startsWith("$")) {
    return { found: false, value: undefined };
  }
  rest = rest.slice(1);
  let value: unknown = document;
  while (rest.length > 0) {
    let step: string | number;
    const dot = /^\.([^.[]+)/.exec(rest);
    const index = /^\[(-?\d+)\]/.exec(rest);
    const quoted = /^\[(['"])(.*?)\1\]/.exec(rest);
    if (dot) {
      step = dot[1] as string;
      rest = rest.slice(dot[0].length);
    } else if (index) {
      step = Number.parseInt(index[1] as string, 10);
      rest = rest.slice(index[0].length);
    } else if (quoted) {
      step = quoted[2] as string;
      rest = rest.slice(quoted[0].length);
    } else {
      return { found: false, value: undefined };
    }
    if (value === null || typeof value !== "object") {
      return { found: false, value: undefined };
    }
    if (Array.isArray(value) && typeof step === "number") {
      const position = step < 0 ? value.length + step : step;
      if (position >= value.length) {
        return { found: false, value: undefined };
      }
      value = value[position];
    } else if (
      !Array.isArray(value) &&
      Object.hasOwn(value as object, String(step))
    ) {
      value = (value as Record<string, unknown>)[String(step)];
    } else {
      return { found: false, value: undefined };
    }
  }

  return { found: true, value };
}

type Response = {
  status: number;
  statusText: string;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
};

function check(kase: Case, response: Response): string | undefined {
  const expect = kase.expect;
  if (expect.status !== undefined && expect.status !== response.status) {
    return `status ${response.status}, expected ${expect.status}: ${response.body.slice(0, 300)}`;
  }
  if (
    typeof expect.status_text === "string" &&
    expect.status_text !== response.statusText
  ) {
    return `status text "${response.statusText}", expected "${expect.status_text}"`;
  }
  const header = (name: string) => {
    const value = response.headers[name.toLowerCase()];

    // repeated headers (Set-Cookie) arrive as one line each
    return Array.isArray(value) ? value.join("\n") : value;
  };
  for (const [name, value] of Object.entries(
    (expect.headers as Record<string, string>) ?? {},
  )) {
    if (header(name) !== String(value)) {
      return `header ${name}: "${header(name)}", expected "${value}"`;
    }
  }
  for (const [name, pattern] of Object.entries(
    (expect.headers_match as Record<string, string>) ?? {},
  )) {
    const actual = header(name);
    if (actual === undefined || !new RegExp(pattern).test(actual)) {
      return `header ${name}: "${actual}" does not match ${pattern}`;
    }
  }
  for (const name of (expect.headers_present as string[]) ?? []) {
    if (header(name) === undefined) {
      return `header ${name} missing`;
    }
  }
  for (const name of (expect.headers_absent as string[]) ?? []) {
    if (header(name) !== undefined) {
      return `header ${name} present: "${header(name)}"`;
    }
  }
  for (const [name, parts] of Object.entries(
    (expect.headers_absent_in_value as Record<string, string[]>) ?? {},
  )) {
    const actual = header(name) ?? "";
    const bad = parts.find((part) => actual.includes(part));
    if (bad) {
      return `header ${name} contains "${bad}"`;
    }
  }
  if (expect.headers_no_blank) {
    for (let i = 0; i < response.rawHeaders.length; i += 2) {
      if (!response.rawHeaders[i] || !response.rawHeaders[i + 1]) {
        return "a blank header was sent";
      }
    }
  }
  let parsed: unknown;
  let isJson = false;
  try {
    parsed = JSON.parse(response.body);
    isJson = true;
  } catch {
    parsed = undefined;
  }
  for (const keyName of ["body_exact", "body_json"]) {
    if (!(keyName in expect) || expect[keyName] === null) {
      continue;
    }
    const wanted = expect[keyName];
    const matches =
      (isJson && deepEqual(parsed, wanted)) ||
      (typeof wanted === "string" && response.body === wanted);
    if (!matches) {
      return `body ${response.body.slice(0, 300)}, expected ${JSON.stringify(wanted).slice(0, 300)}`;
    }
  }
  if (
    typeof expect.body_raw === "string" &&
    response.body !== expect.body_raw
  ) {
    return `raw body ${JSON.stringify(response.body.slice(0, 200))}, expected ${JSON.stringify(expect.body_raw)}`;
  }
  if (expect.body_contains !== undefined) {
    const parts = Array.isArray(expect.body_contains)
      ? (expect.body_contains as string[])
      : [expect.body_contains as string];
    const missing = parts.find((part) => !response.body.includes(String(part)));
    if (missing !== undefined) {
      return `body does not contain ${JSON.stringify(missing)}: ${response.body.slice(0, 200)}`;
    }
  }
  for (const assertion of (expect.body_jsonpath as Array<
    Record<string, unknown>
  >) ?? []) {
    const result = isJson
      ? jsonPath(parsed, String(assertion.path))
      : { found: false, value: undefined };
    if (
      "equals" in assertion &&
      !(result.found && deepEqual(result.value, assertion.equals))
    ) {
      return `${assertion.path} is ${JSON.stringify(result.value)}, expected ${JSON.stringify(assertion.equals)}`;
    }
    if (
      (assertion.exists === true || assertion.present === true) &&
      !result.found
    ) {
      return `${assertion.path} missing`;
    }
    if (assertion.absent === true && result.found) {
      return `${assertion.path} present`;
    }
    if (assertion.exists === false && result.found) {
      return `${assertion.path} present`;
    }
  }

  return undefined;
}

function send(port: number, prefix: string, kase: Case): Promise<Response> {
  const request = kase.request;
  const headers: Record<string, string> = { ...(request.headers ?? {}) };
  if (request.jwt) {
    headers.Authorization = `Bearer ${sign(request.jwt.payload)}`;
  }
  let body: string | undefined;
  if (request.body_raw !== undefined) {
    body = request.body_raw;
  } else if (request.body_json !== undefined) {
    body = JSON.stringify(request.body_json);
  } else if (request.body !== undefined && request.body !== null) {
    body =
      typeof request.body === "string"
        ? request.body
        : JSON.stringify(request.body);
  }
  const hasType = Object.keys(headers).some(
    (name) => name.toLowerCase() === "content-type",
  );
  if (body !== undefined && !hasType && typeof request.body !== "string") {
    headers["Content-Type"] = "application/json";
  }
  if (body !== undefined) {
    headers["Content-Length"] = String(Buffer.byteLength(body));
  }

  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port,
        method: request.method,
        path: `${prefix}${encodeURI(decodeURIComponentSafe(request.path ?? "/")).replace(/%25/g, "%")}`,
        headers,
        timeout: 15_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk) => chunks.push(chunk as Buffer));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? "",
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    req.on("error", reject);
    req.on("timeout", () => req.destroy(new Error("request timed out")));
    req.end(body);
  });
}

// Paths in the cases are mostly already encoded; non-ASCII ones are not.
function decodeURIComponentSafe(text: string): string {
  return text.replace(/[^\x20-\x7e]/gu, (ch) => ch);
}

function restConfig(kase: Case, dbUri: string, prefix: string): RestConfig {
  let schemas = ["test"];
  if (kase.schema === "multi" || [1557, 1558, 1560].includes(kase.id)) {
    schemas = ["v1", "v2", 'SPECIAL "@/\\#~_-'];
  } else if (kase.schema === "unicode") {
    schemas = ["تست"];
  }
  const config: RestConfig = {
    dbUri,
    schemas,
    anonRole: ANON,
    jwtSecret: SECRET,
    prefix,
    poolSize: 3,
    extraSearchPath: ["public"],
  };
  for (const [name, value] of Object.entries(kase.config ?? {})) {
    switch (name) {
      case "db-schemas":
      case "db-schema":
        config.schemas = String(value)
          .split(",")
          .map((schema) => schema.trim());
        break;
      case "db-anon-role":
        config.anonRole = value === null ? null : String(value);
        break;
      case "db-aggregates-enabled":
        config.aggregatesEnabled = value === true || value === "true";
        break;
      case "db-max-rows":
        config.maxRows = Number(value);
        break;
      case "db-pre-request":
        config.preRequest = String(value);
        break;
      case "jwt-aud":
        config.jwtAudience = value === null ? undefined : String(value);
        break;
      case "jwt-secret":
        config.jwtSecret = value === null ? undefined : String(value);
        break;
      case "jwt-role-claim-key":
        config.roleClaimKey = String(value);
        break;
      case "db-tx-end":
        config.txAllowOverride = String(value).endsWith("allow-override");
        break;
      case "db-extra-search-path":
        config.extraSearchPath = String(value)
          .split(",")
          .map((schema) => schema.trim());
        break;
      default:
        break;
    }
  }

  return config;
}

export async function loadCases(casesDir: string): Promise<Case[]> {
  const files = (await readdir(casesDir))
    .filter((file) => file.endsWith(".yaml") || file.endsWith(".yml"))
    .sort();
  const cases: Case[] = [];
  for (const file of files) {
    const parsed = YAML.parse(
      await readFile(path.join(casesDir, file), "utf8"),
    ) as Case;
    cases.push({ ...parsed, file });
  }

  return cases;
}

export type RunOptions = {
  rootDir: string;
  casesDir?: string;
  only?: Set<number>;
  concurrency?: number;
  log?: (line: string) => void;
};

export async function runConformance(options: RunOptions): Promise<RunSummary> {
  const log =
    options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const suite = path.join(
    suiteDir(options.rootDir),
    "bier",
    "spec",
    "conformance",
  );
  const casesDir = options.casesDir ?? path.join(suite, "cases");
  const core = await coreIds(options.rootDir);
  let cases = await loadCases(casesDir);
  if (options.only) {
    cases = cases.filter((kase) => options.only?.has(kase.id));
  }
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "rest-conformance-"));
  await chmod(dataDir, 0o755);
  const dbPort = await freePort();
  const postgres = new PostgresServer({
    dataDir: path.join(dataDir, "db"),
    port: dbPort,
    password: "conformance",
  });
  const servers = new Map<string, RestServer>();
  const httpServer = http.createServer((req, res) => {
    const prefix = /^\/case-\d+/.exec(req.url ?? "")?.[0] ?? "";
    const server = servers.get(prefix);
    if (!server) {
      res.writeHead(404).end();

      return;
    }
    server.handle(req, res).catch((error: Error) => {
      res.writeHead(500).end(error.message);
    });
  });
  const results: CaseResult[] = [];
  const sharedServers = new Map<string, RestServer>();
  try {
    await postgres.initialise();
    await postgres.start();
    const admin = new pg.Client({
      connectionString: postgres.connectionString,
    });
    await admin.connect();
    const urlFor = (
      database: string,
      user = "postgres",
      password = "conformance",
    ) => {
      const url = new URL(postgres.connectionString);
      url.username = user;
      url.password = password;
      url.pathname = `/${database}`;

      return url.toString();
    };
    try {
      // throwaway data: durability only slows the per-case copies down
      for (const setting of [
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
      ]) {
        await admin.query(`alter system set ${setting}`);
      }
      await admin.query("select pg_reload_conf()");
      await admin.query("create database conformance_base");
      const base = new pg.Client({
        connectionString: urlFor("conformance_base"),
      });
      await base.connect();
      try {
        await base.query(
          await readFile(path.join(suite, "fixtures.sql"), "utf8"),
        );
        const local = path.join(suite, "fixtures_local.sql");
        if (existsSync(local)) {
          await base.query(await readFile(local, "utf8"));
        }
        await base.query(
          `create role ${AUTHENTICATOR} login noinherit password '${AUTHENTICATOR_PASSWORD}'`,
        );
        await base.query(
          `grant postgrest_test_anonymous, postgrest_test_default_role, postgrest_test_author to ${AUTHENTICATOR}`,
        );
      } finally {
        await base.end();
      }
      await admin.query(
        "create database conformance_granted template conformance_base",
      );
      const granted = new pg.Client({
        connectionString: urlFor("conformance_granted"),
      });
      await granted.connect();
      try {
        for (const schema of ["test", "v1", "v2", "تست", 'SPECIAL "@/\\#~_-']) {
          const quoted = `"${schema.replace(/"/g, '""')}"`;
          await granted.query(`grant usage on schema ${quoted} to ${ANON}`);
          await granted.query(
            `grant all on all tables in schema ${quoted} to ${ANON}`,
          );
          await granted.query(
            `grant all on all sequences in schema ${quoted} to ${ANON}`,
          );
          await granted.query(
            `grant all on all functions in schema ${quoted} to ${ANON}`,
          );
        }
      } finally {
        await granted.end();
      }
    } finally {
      await admin.end();
    }
    {
      const setup = new pg.Client({
        connectionString: postgres.connectionString,
      });
      await setup.connect();
      await setup.query(
        "create database shared_granted template conformance_granted strategy file_copy",
      );
      await setup.query(
        "create database shared_base template conformance_base strategy file_copy",
      );
      await setup.end();
    }
    await new Promise<void>((resolve) =>
      httpServer.listen(0, "127.0.0.1", () => resolve()),
    );
    const port = (httpServer.address() as net.AddressInfo).port;

    const runCase = async (kase: Case): Promise<CaseResult> => {
      const area = kase.feature.split("/")[0] ?? "unknown";
      if (kase.request.kind === "cli") {
        return {
          id: kase.id,
          area,
          outcome: "excluded",
          reason: EXCLUDED_KINDS.cli,
        };
      }
      if (EXCLUDED[kase.id]) {
        return {
          id: kase.id,
          area,
          outcome: "excluded",
          reason: EXCLUDED[kase.id],
        };
      }
      const feature = Object.keys(EXCLUDED_FEATURES).find((prefix) =>
        kase.feature.startsWith(prefix),
      );
      if (feature) {
        return {
          id: kase.id,
          area,
          outcome: "excluded",
          reason: EXCLUDED_FEATURES[feature],
        };
      }
      // Reads without preconditions run in read-only transactions, so they
      // share one database and one server per configuration.
      const readOnly =
        (kase.request.method === "GET" || kase.request.method === "HEAD") &&
        !kase.preconditions?.length &&
        !kase.config?.preconditions_sql;
      if (readOnly) {
        const database = area === "auth" ? "shared_base" : "shared_granted";
        const config = restConfig(
          kase,
          urlFor(database, AUTHENTICATOR, AUTHENTICATOR_PASSWORD),
          `/case-${kase.id}`,
        );
        const cacheKey = JSON.stringify({ ...config, prefix: "" });
        try {
          let server = sharedServers.get(cacheKey);
          if (!server) {
            server = await createRestServer(config);
            sharedServers.set(cacheKey, server);
            servers.set(config.prefix as string, server);
          }
          const response = await send(
            port,
            server.config.prefix as string,
            kase,
          );
          const reason = check(kase, response);

          return reason
            ? { id: kase.id, area, outcome: "failed", reason }
            : { id: kase.id, area, outcome: "passed" };
        } catch (error) {
          return {
            id: kase.id,
            area,
            outcome: "failed",
            reason: `error: ${(error as Error).message}`,
          };
        }
      }
      const database = `case_${kase.id}`;
      const template =
        area === "auth" ? "conformance_base" : "conformance_granted";
      const setup = new pg.Client({
        connectionString: postgres.connectionString,
      });
      await setup.connect();
      const prefix = `/case-${kase.id}`;
      let server: RestServer | undefined;
      try {
        await setup.query(
          `create database ${database} template ${template} strategy file_copy`,
        );
        if (
          kase.preconditions?.length ||
          Array.isArray(kase.config?.preconditions_sql)
        ) {
          const client = new pg.Client({ connectionString: urlFor(database) });
          await client.connect();
          try {
            for (const statement of [
              ...((kase.config?.preconditions_sql as string[] | undefined) ??
                []),
              ...(kase.preconditions ?? []),
            ]) {
              await client.query(statement);
            }
          } finally {
            await client.end();
          }
        }
        server = await createRestServer(
          restConfig(
            kase,
            urlFor(database, AUTHENTICATOR, AUTHENTICATOR_PASSWORD),
            prefix,
          ),
        );
        servers.set(prefix, server);
        const response = await send(port, prefix, kase);
        const reason = check(kase, response);

        return reason
          ? { id: kase.id, area, outcome: "failed", reason }
          : { id: kase.id, area, outcome: "passed" };
      } catch (error) {
        return {
          id: kase.id,
          area,
          outcome: "failed",
          reason: `error: ${(error as Error).message}`,
        };
      } finally {
        servers.delete(prefix);
        await server?.stop().catch(() => undefined);
        await setup
          .query(`drop database if exists ${database} with (force)`)
          .catch(() => undefined);
        await setup.end();
      }
    };

    const queue = [...cases];
    const workers = Array.from(
      { length: options.concurrency ?? 3 },
      async () => {
        for (let kase = queue.shift(); kase; kase = queue.shift()) {
          results.push(await runCase(kase));
        }
      },
    );
    await Promise.all(workers);
  } finally {
    await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    for (const server of servers.values()) {
      await server.stop().catch(() => undefined);
    }
    await postgres.stop().catch(() => undefined);
    await rm(dataDir, { recursive: true, force: true });
  }

  results.sort((a, b) => a.id - b.id);
  const areas = new Map<string, CaseResult[]>();
  for (const result of results) {
    areas.set(result.area, [...(areas.get(result.area) ?? []), result]);
  }
  for (const [area, list] of areas) {
    const passed = list.filter((r) => r.outcome === "passed").length;
    const failedIds = list
      .filter((r) => r.outcome === "failed")
      .map((r) => r.id);
    const excluded = list.filter((r) => r.outcome === "excluded").length;
    log(
      `${area}: ${passed}/${list.length} passed${excluded ? `, ${excluded} excluded` : ""}${failedIds.length ? `; failing: ${failedIds.join(", ")}` : ""}`,
    );
  }
  const passed = results.filter((r) => r.outcome === "passed").length;
  const failed = results.filter((r) => r.outcome === "failed").length;
  const excluded = results.filter((r) => r.outcome === "excluded").length;
  const coreResults = results.filter((r) => core.has(r.id));
  const corePassed = coreResults.filter((r) => r.outcome === "passed").length;
  log(`core: ${corePassed}/${core.size} passed`);
  if (excluded) {
    log(`excluded: ${excluded} (reasons in the runner's settings)`);
  }
  log(`conformance: ${passed} passed, ${failed} failed`);

  return {
    results,
    passed,
    failed,
    excluded,
    corePassed,
    coreTotal: core.size,
  };
}
