// The local Supabase Storage service under /storage/v1: routes requests to
// the bucket and object handlers and renders errors in storage-api's shape.
import type http from "node:http";
import type { ApiKeyRule } from "../api-keys.ts";
import { sendJson } from "../http.ts";
import type { StackContext, Stopper } from "../services.ts";
import { drain } from "./body.ts";
import {
  createBucket,
  deleteBucket,
  emptyBucket,
  getBucket,
  listBuckets,
  updateBucket,
} from "./buckets.ts";
import { applyConfiguredBuckets, readStorageConfig } from "./config.ts";
import type { RouteRequest, StorageServices } from "./context.ts";
import { StorageDatabase } from "./db.ts";
import { errors, StorageError } from "./errors.ts";
import { ObjectFiles } from "./files.ts";
import { listObjects } from "./listing.ts";
import {
  deleteObject,
  downloadObject,
  downloadPublicObject,
  objectInfo,
  removeObjects,
  uploadObject,
} from "./objects.ts";
import {
  downloadSignedObject,
  signObjectUrl,
  signObjectUrls,
  signUploadUrl,
  uploadToSignedUrl,
} from "./signing.ts";
import { TokenService } from "./tokens.ts";
import { copyObject, moveObject } from "./transfers.ts";

export const STORAGE_PREFIX = "/storage/v1";

type RouteHandler = (
  services: StorageServices,
  route: RouteRequest,
) => Promise<void>;

// A route: method, the fixed path segments after /storage/v1, and whether
// a bucket segment and a key (the rest of the path) follow them.
type Route = {
  method: string;
  segments: string[];
  params: "none" | "bucket" | "bucket+key";
  handler: RouteHandler;
};

// Routes with fixed segments come before the ones that take a bucket name
// in the same place, as in storage-api.
const ROUTES: Route[] = [
  { method: "GET", segments: ["bucket"], params: "none", handler: listBuckets },
  {
    method: "POST",
    segments: ["bucket"],
    params: "none",
    handler: createBucket,
  },
  {
    method: "POST",
    segments: ["bucket", "*", "empty"],
    params: "bucket",
    handler: emptyBucket,
  },
  { method: "GET", segments: ["bucket"], params: "bucket", handler: getBucket },
  {
    method: "PUT",
    segments: ["bucket"],
    params: "bucket",
    handler: updateBucket,
  },
  {
    method: "DELETE",
    segments: ["bucket"],
    params: "bucket",
    handler: deleteBucket,
  },
  {
    method: "POST",
    segments: ["object", "move"],
    params: "none",
    handler: moveObject,
  },
  {
    method: "POST",
    segments: ["object", "copy"],
    params: "none",
    handler: copyObject,
  },
  {
    method: "POST",
    segments: ["object", "list"],
    params: "bucket",
    handler: listObjects,
  },
  {
    method: "POST",
    segments: ["object", "upload", "sign"],
    params: "bucket+key",
    handler: signUploadUrl,
  },
  {
    method: "PUT",
    segments: ["object", "upload", "sign"],
    params: "bucket+key",
    handler: uploadToSignedUrl,
  },
  {
    method: "POST",
    segments: ["object", "sign"],
    params: "bucket+key",
    handler: signObjectUrl,
  },
  {
    method: "POST",
    segments: ["object", "sign"],
    params: "bucket",
    handler: signObjectUrls,
  },
  {
    method: "GET",
    segments: ["object", "sign"],
    params: "bucket+key",
    handler: downloadSignedObject,
  },
  {
    method: "GET",
    segments: ["object", "public"],
    params: "bucket+key",
    handler: downloadPublicObject,
  },
  {
    method: "GET",
    segments: ["object", "info", "authenticated"],
    params: "bucket+key",
    handler: objectInfo,
  },
  {
    method: "GET",
    segments: ["object", "info"],
    params: "bucket+key",
    handler: objectInfo,
  },
  {
    method: "GET",
    segments: ["object", "authenticated"],
    params: "bucket+key",
    handler: downloadObject,
  },
  {
    method: "HEAD",
    segments: ["object", "authenticated"],
    params: "bucket+key",
    handler: downloadObject,
  },
  {
    method: "GET",
    segments: ["object"],
    params: "bucket+key",
    handler: downloadObject,
  },
  {
    method: "HEAD",
    segments: ["object"],
    params: "bucket+key",
    handler: downloadObject,
  },
  {
    method: "POST",
    segments: ["object"],
    params: "bucket+key",
    handler: uploadObject,
  },
  {
    method: "PUT",
    segments: ["object"],
    params: "bucket+key",
    handler: uploadObject,
  },
  {
    method: "DELETE",
    segments: ["object"],
    params: "bucket",
    handler: removeObjects,
  },
  {
    method: "DELETE",
    segments: ["object"],
    params: "bucket+key",
    handler: deleteObject,
  },
];

type Match = { route: Route; bucketId: string; key: string };

// CORS as Supabase's API gateway serves browsers: any origin, the headers
// storage-js sends, and the object headers a page may read.
const CORS_ALLOW_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
const CORS_DEFAULT_ALLOW_HEADERS =
  "authorization, x-client-info, apikey, content-type, cache-control, " +
  "x-upsert, x-metadata";
const CORS_EXPOSE_HEADERS =
  "content-type, content-length, content-disposition, cache-control, etag, " +
  "last-modified";

// Sets the CORS headers of every response and responds to a preflight
// request.
// Returns true when the request was a preflight.
function applyCors(
  req: http.IncomingMessage,
  res: http.ServerResponse,
): boolean {
  res.setHeader("access-control-allow-origin", "*");
  res.setHeader("access-control-expose-headers", CORS_EXPOSE_HEADERS);
  if (
    req.method !== "OPTIONS" ||
    req.headers["access-control-request-method"] === undefined
  ) {
    return false;
  }
  res.writeHead(204, {
    "access-control-allow-methods": CORS_ALLOW_METHODS,
    "access-control-allow-headers":
      req.headers["access-control-request-headers"] ??
      CORS_DEFAULT_ALLOW_HEADERS,
    "access-control-max-age": "3600",
  });
  res.end();

  return true;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw errors.invalidRequest(`Invalid percent-encoding in "${segment}"`);
  }
}

// Matches a path (split at "/", still percent-encoded) against the routes.
function matchRoute(method: string, parts: string[]): Match | undefined {
  for (const route of ROUTES) {
    if (route.method !== method) {
      continue;
    }
    const fixed = route.segments.filter((segment) => segment !== "*");
    const hasInnerBucket = route.segments.includes("*");
    if (hasInnerBucket) {
      // bucket/<id>/empty: the bucket sits between fixed segments.
      if (
        parts.length === route.segments.length &&
        parts[0] === route.segments[0] &&
        parts[2] === route.segments[2] &&
        (parts[1] ?? "") !== ""
      ) {
        return { route, bucketId: decode(parts[1] ?? ""), key: "" };
      }
      continue;
    }
    if (fixed.some((segment, index) => parts[index] !== segment)) {
      continue;
    }
    const rest = parts.slice(fixed.length);
    if (route.params === "none" && rest.length === 0) {
      return { route, bucketId: "", key: "" };
    }
    if (route.params === "bucket" && rest.length === 1 && rest[0] !== "") {
      return { route, bucketId: decode(rest[0] ?? ""), key: "" };
    }
    if (
      route.params === "bucket+key" &&
      rest.length >= 2 &&
      rest[0] !== "" &&
      rest.slice(1).join("/") !== ""
    ) {
      return {
        route,
        bucketId: decode(rest[0] ?? ""),
        key: decode(rest.slice(1).join("/")),
      };
    }
  }

  return undefined;
}

async function sendError(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  error: StorageError,
): Promise<void> {
  await drain(req).catch(() => undefined);
  if (res.headersSent) {
    res.end();

    return;
  }
  sendJson(res, error.httpStatus, error.toBody());
}

export function createStorageHandler(services: StorageServices) {
  return async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): Promise<void> => {
    const target = req.url ?? "/";
    const queryStart = target.indexOf("?");
    const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
    const query = new URLSearchParams(
      queryStart < 0 ? "" : target.slice(queryStart + 1),
    );
    const relative = rawPath.slice(STORAGE_PREFIX.length).replace(/^\//, "");
    const method = req.method ?? "GET";
    if (applyCors(req, res)) {
      return;
    }
    try {
      const match = matchRoute(method, relative.split("/"));
      if (!match) {
        await drain(req).catch(() => undefined);
        sendJson(res, 404, {
          statusCode: "404",
          error: "Not Found",
          message: `Route ${method}:${rawPath} not found`,
        });

        return;
      }
      const route: RouteRequest = {
        req,
        res,
        bucketId: match.bucketId,
        key: match.key,
        query,
        caller: () => services.tokens.callerOf(req),
      };
      await match.route.handler(services, route);
    } catch (error) {
      if (error instanceof StorageError) {
        if (error.httpStatus >= 500) {
          console.error(
            `[storage] ${method} ${rawPath} failed: ${error.message}`,
          );
        }
        await sendError(req, res, error);

        return;
      }
      console.error(`[storage] ${method} ${rawPath} failed:`, error);
      await sendError(req, res, errors.internal());
    }
  };
}

// The storage service's API key rule for the gateway. Public object URLs
// and signed URLs (download and upload) are handed out without a key, so
// they are open. Every other request needs a key.
export const storageRequiresApiKey: ApiKeyRule = (method, path) => {
  const reads = method === "GET" || method === "HEAD";
  if (reads && path.startsWith("/object/public/")) {
    return false;
  }
  if (reads && path.startsWith("/object/sign/")) {
    return false;
  }
  if (method === "PUT" && path.startsWith("/object/upload/sign/")) {
    return false;
  }

  return true;
};

// Starts the storage service and mounts it on the gateway.
export async function startStorage(context: StackContext): Promise<Stopper> {
  const files = new ObjectFiles(context.config.dataDir);
  await files.prepare();
  const config = await readStorageConfig(context.config.rootDir);
  const db = new StorageDatabase(context.status.AUTHENTICATOR_DB_URL);
  try {
    await applyConfiguredBuckets(db, config);
  } catch (error) {
    await db.close();
    throw error;
  }
  const services: StorageServices = {
    db,
    files,
    tokens: new TokenService(context.secrets.jwtSecret),
    globalFileSizeLimitBytes: config.fileSizeLimitBytes,
  };
  context.gateway.mount(
    STORAGE_PREFIX,
    createStorageHandler(services),
    storageRequiresApiKey,
  );

  return () => db.close();
}
