// Signed URLs: download URLs for objects the caller may read, and upload
// URLs for objects the caller may create. Their tokens are JWTs with the
// project secret that name the object in a `url` claim.
import { randomUUID } from "node:crypto";
import { sendJson } from "../http.ts";
import { badRequest, readJson } from "./body.ts";
import type { RouteRequest, StorageServices } from "./context.ts";
import { SERVICE_CALLER } from "./db.ts";
import { errors } from "./errors.ts";
import { mustBeValidBucketName, mustBeValidKey } from "./limits.ts";
import { findObject } from "./objects.ts";
import { sendObject } from "./render.ts";
import { insertObjectRow, storeUpload } from "./uploads.ts";

// Signed upload URLs stay valid for two hours, as in storage-api.
const SIGNED_UPLOAD_URL_EXPIRY_S = 2 * 60 * 60;

export async function downloadSignedObject(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const token = route.query.get("token");
  if (!token) {
    throw badRequest("querystring must have required property 'token'");
  }
  let claims: Record<string, unknown>;
  try {
    claims = await services.tokens.verify(token);
  } catch (error) {
    throw errors.invalidJwt((error as Error).message);
  }
  if (claims.url !== `${route.bucketId}/${route.key}`) {
    throw errors.invalidSignature();
  }
  const row = await findObject(
    services,
    SERVICE_CALLER,
    route.bucketId,
    route.key,
  );
  const expiresAt =
    typeof claims.exp === "number" ? new Date(claims.exp * 1000) : undefined;
  await sendObject(services, route, row, expiresAt);
}
function readExpiresIn(body: Record<string, unknown>): number {
  const expiresIn = body.expiresIn;
  if (expiresIn === undefined) {
    throw badRequest("body must have required property 'expiresIn'");
  }
  if (typeof expiresIn !== "number" || !Number.isInteger(expiresIn)) {
    throw badRequest("body/expiresIn must be integer");
  }
  if (expiresIn < 1) {
    throw badRequest("body/expiresIn must be >= 1");
  }

  return expiresIn;
}

// Creates a signed download URL for an object the caller may read.
export async function signObjectUrl(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const expiresIn = readExpiresIn(body);
  mustBeValidKey(route.key);
  await findObject(services, caller, route.bucketId, route.key);
  const url = `${route.bucketId}/${route.key}`;
  const token = await services.tokens.sign({ url }, expiresIn);
  sendJson(route.res, 200, {
    signedURL: `/object/sign/${url}?token=${token}`,
  });
}

// Creates signed download URLs for several objects. Each path the caller
// cannot read gets an error entry instead.
export async function signObjectUrls(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const expiresIn = readExpiresIn(body);
  const paths = body.paths;
  if (
    !Array.isArray(paths) ||
    paths.length === 0 ||
    !paths.every((entry) => typeof entry === "string")
  ) {
    throw badRequest("body/paths must be a non-empty array of strings");
  }
  const visible = await services.db.transaction(caller, async (tx) => {
    const result = await tx.query<{ name: string }>(
      `select name from storage.objects
       where bucket_id = $1 and name = any($2::text[])`,
      [route.bucketId, paths],
    );

    return new Set(result.rows.map((row) => row.name));
  });
  const entries = [];
  for (const entry of paths as string[]) {
    if (!visible.has(entry)) {
      entries.push({
        error:
          "Either the object does not exist or you do not have access to it",
        path: entry,
        signedURL: null,
      });
      continue;
    }
    const url = `${route.bucketId}/${entry}`;
    const token = await services.tokens.sign({ url }, expiresIn);
    entries.push({
      error: null,
      path: entry,
      signedURL: `/object/sign/${url}?token=${token}`,
    });
  }
  sendJson(route.res, 200, entries);
}

// Creates a signed upload URL after checking, with a rolled-back insert,
// that the caller may create the object.
export async function signUploadUrl(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const caller = await route.caller();
  mustBeValidBucketName(route.bucketId);
  mustBeValidKey(route.key);
  const upsert = route.req.headers["x-upsert"] === "true";
  await services.db.testPermission(caller, (tx) =>
    insertObjectRow(
      tx,
      { bucketId: route.bucketId, key: route.key, upsert, owner: caller.sub },
      randomUUID(),
    ),
  );
  const url = `${route.bucketId}/${route.key}`;
  const token = await services.tokens.sign(
    { owner: caller.sub, url, upsert },
    SIGNED_UPLOAD_URL_EXPIRY_S,
  );
  sendJson(route.res, 200, {
    url: `/object/upload/sign/${url}?token=${token}`,
    token,
  });
}

// Stores an upload sent to a signed upload URL. The token stands for the
// permission checked when it was made, so the row is written by the service
// role with the owner and upsert choice the token holds.
export async function uploadToSignedUrl(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const token = route.query.get("token");
  if (!token) {
    throw badRequest("querystring must have required property 'token'");
  }
  let claims: Record<string, unknown>;
  try {
    claims = await services.tokens.verify(token);
  } catch (error) {
    throw errors.invalidJwt((error as Error).message);
  }
  if (claims.url !== `${route.bucketId}/${route.key}`) {
    throw errors.invalidSignature();
  }
  const owner = typeof claims.owner === "string" ? claims.owner : undefined;
  const id = await storeUpload(services, route.req, SERVICE_CALLER, {
    bucketId: route.bucketId,
    key: route.key,
    upsert: claims.upsert === true,
    owner,
  });
  sendJson(route.res, 200, {
    Id: id,
    Key: `${route.bucketId}/${route.key}`,
  });
}
