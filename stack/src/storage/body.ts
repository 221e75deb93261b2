// Request bodies of the storage API: JSON for the management routes, and
// uploads as multipart form data (what storage-js sends for a Blob or File)
// or as raw bytes (what it sends for a Buffer, string or stream).
import type http from "node:http";
import { errors, StorageError } from "./errors.ts";

const JSON_BODY_MAX_BYTES = 1024 * 1024;
// Room for the boundaries and the small fields around the file in a
// multipart upload, on top of the file size limit.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;

class BodyTooLargeError extends Error {}

// Reads a body of at most `maxBytes`. A larger body is read to its end and
// dropped, so that the client receives the error response.
async function readLimited(
  req: http.IncomingMessage,
  maxBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= maxBytes) {
      chunks.push(chunk as Buffer);
    }
  }
  if (size > maxBytes) {
    throw new BodyTooLargeError();
  }

  return Buffer.concat(chunks);
}

// Reads the rest of a request and drops it, so that an error response can
// be sent on a connection the client is still writing to.
export async function drain(req: http.IncomingMessage): Promise<void> {
  if (req.readableEnded) {
    return;
  }
  for await (const _chunk of req) {
    // dropped
  }
}

export async function readJson(
  req: http.IncomingMessage,
): Promise<Record<string, unknown>> {
  let bytes: Buffer;
  try {
    bytes = await readLimited(req, JSON_BODY_MAX_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw badRequest(
        `Request body is larger than ${JSON_BODY_MAX_BYTES} bytes`,
      );
    }
    throw error;
  }
  if (bytes.length === 0) {
    return {};
  }
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw badRequest("Body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest("body must be object");
  }

  return value as Record<string, unknown>;
}

// A request rejected by schema validation, in the shape storage-api's web
// framework gives such errors.
export function badRequest(message: string): StorageError {
  return new StorageError(
    errors.invalidRequest(message).code,
    400,
    message,
    "Bad Request",
  );
}

export type UploadedFile = {
  bytes: Uint8Array;
  mimeType: string;
  cacheControl: string;
  userMetadata?: Record<string, unknown>;
};

// Reads an upload. A file over `maxBytes` is rejected with Supabase's
// "Payload too large" error.
export async function readUpload(
  req: http.IncomingMessage,
  maxBytes: number,
): Promise<UploadedFile> {
  const contentType = req.headers["content-type"] ?? "";
  const multipart = contentType.toLowerCase().startsWith("multipart/form-data");
  let body: Buffer;
  try {
    body = await readLimited(
      req,
      multipart ? maxBytes + MULTIPART_OVERHEAD_BYTES : maxBytes,
    );
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      throw errors.entityTooLarge();
    }
    throw error;
  }
  const upload = multipart
    ? await parseMultipart(contentType, body)
    : parseRaw(req, body);
  if (upload.bytes.length > maxBytes) {
    throw errors.entityTooLarge();
  }

  return upload;
}

function parseRaw(req: http.IncomingMessage, body: Buffer): UploadedFile {
  const header = req.headers["x-metadata"];

  return {
    bytes: body,
    mimeType: req.headers["content-type"] || "application/octet-stream",
    cacheControl: req.headers["cache-control"] ?? "no-cache",
    userMetadata:
      typeof header === "string"
        ? parseUserMetadata(Buffer.from(header, "base64").toString("utf8"))
        : undefined,
  };
}

// Parses multipart form data with the WHATWG parser built into Node. The
// file is the form's first file entry, and the fields `cacheControl`,
// `contentType` and `metadata` are read as storage-api reads them.
// NOTE: the whole body is held in memory, which the upload size limit
// bounds. A streaming parser should replace this if limits grow to GiBs.
async function parseMultipart(
  contentType: string,
  body: Buffer,
): Promise<UploadedFile> {
  let form: FormData;
  try {
    form = await new Request("http://storage.local/", {
      method: "POST",
      headers: { "content-type": contentType },
      body: body as unknown as BodyInit,
    }).formData();
  } catch (error) {
    throw errors.invalidRequest(
      `No content provided: ${(error as Error).message}`,
    );
  }
  let file: Blob | undefined;
  for (const [, value] of form.entries()) {
    if (typeof value !== "string") {
      file = value;
      break;
    }
  }
  if (!file) {
    throw errors.invalidRequest("No content provided");
  }
  const field = (name: string) => {
    const value = form.get(name);

    return typeof value === "string" ? value : undefined;
  };
  const cacheSeconds = field("cacheControl");
  const metadata = field("metadata") ?? field("userMetadata");

  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    mimeType: field("contentType") || file.type || "application/octet-stream",
    cacheControl: cacheSeconds ? `max-age=${cacheSeconds}` : "no-cache",
    userMetadata:
      metadata === undefined ? undefined : parseUserMetadata(metadata),
  };
}

// Returns user metadata given as JSON. Like storage-api, it ignores text
// that is not a JSON object.
export function parseUserMetadata(
  text: string,
): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);

    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
