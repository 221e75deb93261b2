// Sends an object's bytes with the headers storage-api sets: content type,
// caching, ETag and Last-Modified, an attachment name for `?download`, 304
// for a matching If-None-Match and 206 for a byte range.

import type { ObjectRow, RouteRequest, StorageServices } from "./context.ts";
import { StorageError, StorageErrorCode } from "./errors.ts";

type ByteRange = { start: number; end: number };

// Parses a single "bytes=" range against a file of `size` bytes. Returns
// undefined for a header this server serves as a whole file (absent,
// malformed or several ranges) and "unsatisfiable" for a range past the end.
function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | "unsatisfiable" | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? "");
  if (!match || (match[1] === "" && match[2] === "")) {
    return undefined;
  }
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) {
      return "unsatisfiable";
    }

    return { start: Math.max(size - suffix, 0), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || start > end) {
    return "unsatisfiable";
  }

  return { start, end };
}

// Like storage-api, HTML is served as plain text, so that a stored page
// cannot run scripts in the origin of the API.
function servedContentType(mimeType: string): string {
  return mimeType.includes("text/html") ? "text/plain" : mimeType;
}

// The Content-Disposition storage-api sends for `?download`, with the
// file name percent-encoded.
function attachmentHeader(fileName: string): string {
  if (fileName === "") {
    return "attachment;";
  }
  const encoded = encodeURIComponent(fileName);

  return `attachment; filename=${encoded}; filename*=UTF-8''${encoded};`;
}

// `expires` is set for signed URLs, whose responses carry an Expires header
// at the token's expiry in place of the object's Cache-Control.
export async function sendObject(
  services: StorageServices,
  route: RouteRequest,
  row: ObjectRow,
  expires?: Date,
): Promise<void> {
  const { req, res } = route;
  const file = await services.files.open(row.bucket_id, row.name);
  if (!file) {
    // A row without bytes means the data folder was changed by hand.
    console.error(
      `[storage] object ${row.bucket_id}/${row.name} (id ${row.id}) ` +
        "has a row but no file",
    );
    throw new StorageError(
      StorageErrorCode.NoSuchKey,
      404,
      "The resource was not found",
      "Not found",
    );
  }
  const metadata = row.metadata;
  const eTag = metadata?.eTag ?? `"${row.version ?? row.id}"`;
  const headers: Record<string, string> = {
    "content-type": servedContentType(
      metadata?.mimetype ?? "application/octet-stream",
    ),
    etag: eTag,
    "last-modified": new Date(
      metadata?.lastModified ?? row.updated_at,
    ).toUTCString(),
    "accept-ranges": "bytes",
  };
  if (expires) {
    headers.expires = expires.toUTCString();
  } else {
    headers["cache-control"] = metadata?.cacheControl ?? "no-cache";
  }
  const download = route.query.get("download");
  if (download !== null) {
    headers["content-disposition"] = attachmentHeader(download);
  }
  if (req.headers["if-none-match"] === eTag) {
    res.writeHead(304, headers);
    res.end();

    return;
  }

  const range = parseRange(req.headers.range, file.size);
  if (range === "unsatisfiable") {
    res.writeHead(416, { ...headers, "content-range": `bytes */${file.size}` });
    res.end();

    return;
  }
  let status = 200;
  if (range) {
    status = 206;
    headers["content-range"] = `bytes ${range.start}-${range.end}/${file.size}`;
    headers["content-length"] = String(range.end - range.start + 1);
  } else {
    headers["content-length"] = String(file.size);
  }
  res.writeHead(status, headers);
  if (req.method === "HEAD" || file.size === 0) {
    res.end();

    return;
  }

  const stream = file.read(range);
  await new Promise<void>((resolve, reject) => {
    stream.once("error", reject);
    res.once("close", () => resolve());
    stream.pipe(res);
  });
}
