// Sends an object's bytes with the headers storage-api sets: content type,
// cache control, ETag and Last-Modified, an attachment name for
// `?download`, 304 for a matching If-None-Match and 206 for a byte range.

import type { ObjectRow, RouteRequest, StorageServices } from "./context.ts";
import { errors } from "./errors.ts";

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

export async function sendObject(
  services: StorageServices,
  route: RouteRequest,
  row: ObjectRow,
): Promise<void> {
  const { req, res } = route;
  const file = await services.files.open(row.bucket_id, row.name);
  if (!file) {
    throw errors.internal(
      `The bytes of object ${row.bucket_id}/${row.name} are missing`,
    );
  }
  const metadata = row.metadata;
  const eTag = metadata?.eTag ?? `"${row.version ?? row.id}"`;
  const headers: Record<string, string> = {
    "content-type": metadata?.mimetype ?? "application/octet-stream",
    "cache-control": metadata?.cacheControl ?? "no-cache",
    etag: eTag,
    "last-modified": new Date(
      metadata?.lastModified ?? row.updated_at,
    ).toUTCString(),
    "accept-ranges": "bytes",
  };
  const download = route.query.get("download");
  if (download !== null) {
    const name = download || row.name.split("/").pop() || row.name;
    headers["content-disposition"] =
      `attachment; filename=${encodeURIComponent(name)};`;
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
