import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, rm } from "node:fs/promises";
import http from "node:http";
import path from "node:path";
import type { SupabaseClient } from "@supabase/supabase-js";
import { SignJWT } from "jose";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import {
  anonClient,
  blobOf,
  bytesOf,
  randomContent,
  serviceClient,
  storageFolder,
  uniqueName,
} from "./clients.ts";

const stack = inject("stack");
let db: pg.Client;
let service: SupabaseClient;
let storageDir: string;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  service = serviceClient(stack);
  storageDir = await storageFolder(db);
});

afterAll(async () => {
  await db.end();
});

async function createBucket(
  options: {
    public?: boolean;
    fileSizeLimit?: number | string;
    allowedMimeTypes?: string[];
  } = {},
): Promise<string> {
  const id = uniqueName("bucket");
  const { error } = await service.storage.createBucket(id, {
    public: options.public ?? false,
    fileSizeLimit: options.fileSizeLimit,
    allowedMimeTypes: options.allowedMimeTypes,
  });
  expect(error).toBeNull();

  return id;
}

async function objectRow(bucketId: string, name: string) {
  const { rows } = await db.query(
    "select * from storage.objects where bucket_id = $1 and name = $2",
    [bucketId, name],
  );

  return rows[0];
}

function fileOf(bucketId: string, name: string): string {
  return path.join(storageDir, bucketId, name);
}

// Sends a request with the path exactly as given; fetch would resolve the
// "../" segments before sending.
async function rawRequest(
  method: string,
  requestPath: string,
  body: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = new URL(stack.API_URL);

  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: requestPath,
        headers: {
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
          apikey: stack.SERVICE_ROLE_KEY,
          "content-type": "text/plain",
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("upload and download", () => {
  it("serves an uploaded file through a signed URL", async () => {
    const bucket = await createBucket();
    const content = randomContent(4096);
    const upload = await service.storage
      .from(bucket)
      .upload("reports/2026-11.pdf", content, {
        contentType: "application/pdf",
        cacheControl: "120",
      });
    expect(upload.error).toBeNull();
    expect(upload.data?.fullPath).toBe(`${bucket}/reports/2026-11.pdf`);

    const signed = await service.storage
      .from(bucket)
      .createSignedUrl("reports/2026-11.pdf", 60);
    expect(signed.error).toBeNull();
    const response = await fetch(signed.data?.signedUrl ?? "");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    const expires = Date.parse(response.headers.get("expires") ?? "");
    expect(Math.abs(expires - (Date.now() + 60_000))).toBeLessThan(5_000);
    expect(Buffer.from(await response.arrayBuffer()).equals(content)).toBe(
      true,
    );

    const direct = await fetch(
      `${stack.API_URL}/storage/v1/object/authenticated/${bucket}/reports/2026-11.pdf`,
      {
        headers: {
          apikey: stack.SERVICE_ROLE_KEY,
          authorization: `Bearer ${stack.SERVICE_ROLE_KEY}`,
        },
      },
    );
    expect(direct.headers.get("cache-control")).toBe("max-age=120");
  });

  it("names the file of a download", async () => {
    const bucket = await createBucket();
    await service.storage.from(bucket).upload("f/1.pdf", "pdf");
    const signed = await service.storage
      .from(bucket)
      .createSignedUrl("f/1.pdf", 60, { download: "Fatura 2026-11.pdf" });
    const response = await fetch(signed.data?.signedUrl ?? "");
    const encoded = "Fatura%202026-11.pdf";
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename=${encoded}; filename*=UTF-8''${encoded};`,
    );
  });

  it("stores metadata as Supabase does", async () => {
    const bucket = await createBucket();
    const content = randomContent(1000);
    await service.storage.from(bucket).upload("a.bin", content, {
      contentType: "application/octet-stream",
    });
    const row = await objectRow(bucket, "a.bin");
    const md5 = createHash("md5").update(content).digest("hex");
    expect(row.metadata.size).toBe(1000);
    expect(row.metadata.mimetype).toBe("application/octet-stream");
    expect(row.metadata.eTag).toBe(`"${md5}"`);
    expect(row.metadata.cacheControl).toBe("max-age=3600");
    expect(Number.isNaN(Date.parse(row.metadata.lastModified))).toBe(false);
    expect(row.owner).toBeNull();
    expect((await readFile(fileOf(bucket, "a.bin"))).equals(content)).toBe(
      true,
    );
  });

  it("accepts multipart uploads of a Blob", async () => {
    const bucket = await createBucket();
    const content = randomContent(2048);
    const blob = blobOf(content, "image/png");
    const { error } = await service.storage
      .from(bucket)
      .upload("pictures/meter.png", blob, {
        metadata: { meterSerial: "ABC-123" },
      });
    expect(error).toBeNull();
    const row = await objectRow(bucket, "pictures/meter.png");
    expect(row.metadata.mimetype).toBe("image/png");
    expect(row.metadata.size).toBe(2048);
    expect(row.user_metadata).toEqual({ meterSerial: "ABC-123" });
    const info = await service.storage.from(bucket).info("pictures/meter.png");
    expect(info.data?.metadata).toEqual({ meterSerial: "ABC-123" });

    const download = await service.storage
      .from(bucket)
      .download("pictures/meter.png");
    expect(download.error).toBeNull();
    expect((await bytesOf(download.data)).equals(content)).toBe(true);
  });

  it("reports object info and existence", async () => {
    const bucket = await createBucket();
    await service.storage.from(bucket).upload("doc.txt", "merhaba", {
      contentType: "text/plain",
    });
    const info = await service.storage.from(bucket).info("doc.txt");
    expect(info.error).toBeNull();
    expect(info.data?.size).toBe(7);
    expect(info.data?.contentType).toBe("text/plain");
    expect(info.data?.name).toBe("doc.txt");

    expect((await service.storage.from(bucket).exists("doc.txt")).data).toBe(
      true,
    );
    expect(
      (await service.storage.from(bucket).exists("missing.txt")).data,
    ).toBe(false);
  });

  it("uploads through a signed upload URL", async () => {
    const bucket = await createBucket();
    const signed = await service.storage
      .from(bucket)
      .createSignedUploadUrl("inbox/scan.txt");
    expect(signed.error).toBeNull();
    const upload = await anonClient(stack)
      .storage.from(bucket)
      .uploadToSignedUrl("inbox/scan.txt", signed.data?.token ?? "", "scan", {
        contentType: "text/plain",
      });
    expect(upload.error).toBeNull();
    const download = await service.storage
      .from(bucket)
      .download("inbox/scan.txt");
    expect((await bytesOf(download.data)).toString()).toBe("scan");
  });
});

describe("byte ranges", () => {
  it("serves a requested byte range", async () => {
    const bucket = await createBucket();
    const content = randomContent(1000);
    await service.storage.from(bucket).upload("readings.bin", content);
    const signed = await service.storage
      .from(bucket)
      .createSignedUrl("readings.bin", 60);
    const url = signed.data?.signedUrl ?? "";

    const middle = await fetch(url, { headers: { range: "bytes=100-199" } });
    expect(middle.status).toBe(206);
    expect(middle.headers.get("content-range")).toBe("bytes 100-199/1000");
    const slice = Buffer.from(await middle.arrayBuffer());
    expect(slice.equals(content.subarray(100, 200))).toBe(true);

    const tail = await fetch(url, { headers: { range: "bytes=-10" } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(
      content.subarray(990),
    );

    const past = await fetch(url, { headers: { range: "bytes=1000-" } });
    expect(past.status).toBe(416);
  });
});

describe("missing bytes", () => {
  it("reports a row whose file is gone", async () => {
    const bucket = await createBucket();
    await service.storage.from(bucket).upload("lost.txt", "lost");
    await rm(fileOf(bucket, "lost.txt"));
    const download = await service.storage.from(bucket).download("lost.txt");
    expect(download.error).toMatchObject({
      status: 400,
      statusCode: "404",
      message: "The resource was not found",
    });
  });
});

describe("conflicting paths", () => {
  it("rejects keys the file system cannot hold", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    expect((await files.upload("meters", "file")).error).toBeNull();
    const below = await files.upload("meters/m-1.csv", "below");
    expect(below.error).toMatchObject({ status: 400, statusCode: "400" });
    expect(await objectRow(bucket, "meters/m-1.csv")).toBeUndefined();

    const long = await files.upload(`${"x".repeat(300)}.txt`, "long");
    expect(long.error).toMatchObject({ status: 400, statusCode: "400" });
  });
});

describe("upsert", () => {
  it("rejects an existing key unless upsert is true", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    expect((await files.upload("tariff.csv", "v1")).error).toBeNull();

    const duplicate = await files.upload("tariff.csv", "v2");
    expect(duplicate.error).toMatchObject({
      status: 400,
      statusCode: "409",
      message: "The resource already exists",
    });
    expect(
      (await bytesOf((await files.download("tariff.csv")).data)).toString(),
    ).toBe("v1");

    const replaced = await files.upload("tariff.csv", "v3", { upsert: true });
    expect(replaced.error).toBeNull();
    expect(
      (await bytesOf((await files.download("tariff.csv")).data)).toString(),
    ).toBe("v3");

    const updated = await files.update("tariff.csv", "v4");
    expect(updated.error).toBeNull();
    expect(
      (await bytesOf((await files.download("tariff.csv")).data)).toString(),
    ).toBe("v4");
    expect((await objectRow(bucket, "tariff.csv")).metadata.size).toBe(2);
  });
});

describe("concurrent uploads", () => {
  it("stores one of two racing uploads", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    const contents = [randomContent(50_000), randomContent(50_000)];
    const results = await Promise.all(
      contents.map((content) => files.upload("race.bin", content)),
    );
    const winner = results.findIndex((result) => result.error === null);
    const loser = results.findIndex((result) => result.error !== null);
    expect(results.filter((result) => result.error === null)).toHaveLength(1);
    expect(results[loser]?.error).toMatchObject({ statusCode: "409" });

    const stored = await readFile(fileOf(bucket, "race.bin"));
    expect(stored.equals(contents[winner] ?? Buffer.alloc(0))).toBe(true);
  });

  it("keeps bytes and metadata together under racing upserts", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    const contents = Array.from({ length: 5 }, () => randomContent(20_000));
    const results = await Promise.all(
      contents.map((content) =>
        files.upload("shared.bin", content, { upsert: true }),
      ),
    );
    expect(results.every((result) => result.error === null)).toBe(true);

    const stored = await readFile(fileOf(bucket, "shared.bin"));
    const row = await objectRow(bucket, "shared.bin");
    const md5 = createHash("md5").update(stored).digest("hex");
    expect(row.metadata.eTag).toBe(`"${md5}"`);
    expect(contents.some((content) => content.equals(stored))).toBe(true);
  });
});

describe("limits", () => {
  it("rejects a file over the bucket's size limit", async () => {
    const bucket = await createBucket({ fileSizeLimit: 1024 });
    const files = service.storage.from(bucket);
    const tooLarge = await files.upload("big.bin", randomContent(1025));
    expect(tooLarge.error).toMatchObject({
      status: 400,
      statusCode: "413",
      message: "The object exceeded the maximum allowed size",
    });
    expect(await objectRow(bucket, "big.bin")).toBeUndefined();
    expect(existsSync(fileOf(bucket, "big.bin"))).toBe(false);

    const blob = blobOf(randomContent(1025));
    const multipart = await files.upload("big-form.bin", blob);
    expect(multipart.error?.statusCode).toBe("413");

    expect((await files.upload("fits.bin", randomContent(1024))).error).toBe(
      null,
    );
  });

  it("rejects a file over the project's size limit", async () => {
    const bucket = await createBucket();
    const fiftyMiB = 50 * 1024 * 1024;
    const tooLarge = await service.storage
      .from(bucket)
      .upload("huge.bin", Buffer.alloc(fiftyMiB + 1));
    expect(tooLarge.error?.statusCode).toBe("413");
    expect(await objectRow(bucket, "huge.bin")).toBeUndefined();
  });

  it("keeps empty folder placeholders empty", async () => {
    const bucket = await createBucket({ allowedMimeTypes: ["image/*"] });
    const files = service.storage.from(bucket);
    const empty = await files.upload("photos/.emptyFolderPlaceholder", "");
    expect(empty.error).toBeNull();
    const filled = await files.upload("misc/.emptyFolderPlaceholder", "x");
    expect(filled.error?.statusCode).toBe("413");
  });

  it("rejects a bucket limit above the project's", async () => {
    const { error } = await service.storage.createBucket(uniqueName("b"), {
      public: false,
      fileSizeLimit: "100MB",
    });
    expect(error).toMatchObject({ statusCode: "413" });
  });

  it("rejects a MIME type the bucket does not allow", async () => {
    const bucket = await createBucket({ allowedMimeTypes: ["image/*"] });
    const files = service.storage.from(bucket);
    const text = await files.upload("note.txt", "hello", {
      contentType: "text/plain",
    });
    expect(text.error).toMatchObject({
      status: 400,
      statusCode: "415",
      message: "mime type text/plain is not supported",
    });
    expect(await objectRow(bucket, "note.txt")).toBeUndefined();

    const image = await files.upload("photo.jpg", randomContent(10), {
      contentType: "image/jpeg",
    });
    expect(image.error).toBeNull();
  });
});

describe("listing", () => {
  it("lists one level under a prefix with paging", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    for (const name of [
      "invoices/2026-01.pdf",
      "invoices/2026-02.pdf",
      "invoices/2026-03.pdf",
      "invoices/archive/2025-12.pdf",
      "contracts/c-1.pdf",
    ]) {
      expect((await files.upload(name, name)).error).toBeNull();
    }

    const all = await files.list("invoices");
    expect(all.error).toBeNull();
    expect(all.data?.map((entry) => entry.name)).toEqual([
      "2026-01.pdf",
      "2026-02.pdf",
      "2026-03.pdf",
      "archive",
    ]);
    const folder = all.data?.find((entry) => entry.name === "archive");
    expect(folder?.id).toBeNull();
    const file = all.data?.find((entry) => entry.name === "2026-01.pdf");
    expect(file?.metadata?.size).toBe("invoices/2026-01.pdf".length);

    const page = await files.list("invoices", { limit: 2, offset: 1 });
    expect(page.data?.map((entry) => entry.name)).toEqual([
      "2026-02.pdf",
      "2026-03.pdf",
    ]);

    const descending = await files.list("invoices/", {
      sortBy: { column: "name", order: "desc" },
      limit: 2,
    });
    expect(descending.data?.map((entry) => entry.name)).toEqual([
      "archive",
      "2026-03.pdf",
    ]);

    const search = await files.list("invoices", { search: "2026-0" });
    expect(search.data?.map((entry) => entry.name)).toEqual([
      "2026-01.pdf",
      "2026-02.pdf",
      "2026-03.pdf",
    ]);

    const newest = await files.list("invoices", {
      sortBy: { column: "created_at", order: "desc" },
    });
    expect(newest.data?.map((entry) => entry.name)).toEqual([
      "archive",
      "2026-03.pdf",
      "2026-02.pdf",
      "2026-01.pdf",
    ]);

    const root = await files.list();
    expect(root.data?.map((entry) => entry.name)).toEqual([
      "contracts",
      "invoices",
    ]);
  });
});

describe("move, copy and remove", () => {
  it("moves an object to a new key", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    await files.upload("drafts/offer.pdf", "offer");
    const moved = await files.move("drafts/offer.pdf", "sent/offer.pdf");
    expect(moved.error).toBeNull();
    expect(moved.data?.message).toBe("Successfully moved");
    expect(await objectRow(bucket, "drafts/offer.pdf")).toBeUndefined();
    expect(existsSync(fileOf(bucket, "drafts/offer.pdf"))).toBe(false);
    const download = await files.download("sent/offer.pdf");
    expect((await bytesOf(download.data)).toString()).toBe("offer");
  });

  it("rejects a move onto an existing key", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    await files.upload("a.txt", "a");
    await files.upload("b.txt", "b");
    const moved = await files.move("a.txt", "b.txt");
    expect(moved.error?.statusCode).toBe("409");
    expect(
      (await bytesOf((await files.download("a.txt")).data)).toString(),
    ).toBe("a");
    expect(
      (await bytesOf((await files.download("b.txt")).data)).toString(),
    ).toBe("b");
  });

  it("copies an object to another bucket", async () => {
    const source = await createBucket();
    const target = await createBucket();
    await service.storage.from(source).upload("tariffs/2026.csv", "a;b", {
      contentType: "text/csv",
    });
    const copied = await service.storage
      .from(source)
      .copy("tariffs/2026.csv", "copies/2026.csv", {
        destinationBucket: target,
      });
    expect(copied.error).toBeNull();
    expect(copied.data?.path).toBe(`${target}/copies/2026.csv`);
    const original = await service.storage
      .from(source)
      .download("tariffs/2026.csv");
    const copy = await service.storage.from(target).download("copies/2026.csv");
    expect((await bytesOf(original.data)).toString()).toBe("a;b");
    expect((await bytesOf(copy.data)).toString()).toBe("a;b");
    expect((await objectRow(target, "copies/2026.csv")).metadata.mimetype).toBe(
      "text/csv",
    );
  });

  it("removes objects and their bytes", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    await files.upload("x/1.txt", "1");
    await files.upload("x/2.txt", "2");
    await files.upload("x/3.txt", "3");
    const removed = await files.remove(["x/1.txt", "x/2.txt", "x/none.txt"]);
    expect(removed.error).toBeNull();
    expect(removed.data?.map((row) => row.name).sort()).toEqual([
      "x/1.txt",
      "x/2.txt",
    ]);
    expect(await objectRow(bucket, "x/1.txt")).toBeUndefined();
    expect(existsSync(fileOf(bucket, "x/1.txt"))).toBe(false);
    expect(existsSync(fileOf(bucket, "x/3.txt"))).toBe(true);
  });
});

describe("signed URLs", () => {
  it("rejects an expired signed URL", async () => {
    const bucket = await createBucket();
    await service.storage.from(bucket).upload("old.txt", "old");
    const token = await new SignJWT({ url: `${bucket}/old.txt` })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(stack.JWT_SECRET));
    const response = await fetch(
      `${stack.API_URL}/storage/v1/object/sign/${bucket}/old.txt?token=${token}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      statusCode: "400",
      error: "InvalidJWT",
      message: "jwt expired",
    });
  });

  it("rejects a token signed for another object", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    await files.upload("one.txt", "1");
    await files.upload("two.txt", "2");
    const signed = await files.createSignedUrl("one.txt", 60);
    const forged = (signed.data?.signedUrl ?? "").replace("one.txt", "two.txt");
    const response = await fetch(forged);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      message: "Invalid signature",
    });
  });

  it("signs several paths and reports the missing ones", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    await files.upload("p/1.txt", "one");
    const signed = await files.createSignedUrls(["p/1.txt", "p/2.txt"], 60);
    expect(signed.error).toBeNull();
    const [first, second] = signed.data ?? [];
    expect(first?.error).toBeNull();
    expect(second?.signedUrl).toBeNull();
    expect(second?.error).toBe(
      "Either the object does not exist or you do not have access to it",
    );
    const response = await fetch(first?.signedUrl ?? "");
    expect(await response.text()).toBe("one");
  });
});

describe("path traversal", () => {
  it("rejects dot-dot segments in the URL", async () => {
    const bucket = await createBucket();
    for (const requestPath of [
      `/storage/v1/object/${bucket}/../../escaped.txt`,
      `/storage/v1/object/${bucket}/a/%2e%2e/%2e%2e/%2e%2e/escaped.txt`,
      `/storage/v1/object/${bucket}/..%2F..%2Fescaped.txt`,
    ]) {
      const response = await rawRequest("POST", requestPath, "x");
      expect(response.status).toBe(400);
      expect(response.json.statusCode).toBe("400");
      expect(response.json.error).toBe("InvalidKey");
    }
    expect(existsSync(path.join(storageDir, "escaped.txt"))).toBe(false);
    expect(existsSync(path.join(path.dirname(storageDir), "escaped.txt"))).toBe(
      false,
    );
  });

  it("rejects empty segments in a key", async () => {
    const bucket = await createBucket();
    const response = await rawRequest(
      "POST",
      `/storage/v1/object/${bucket}/a//b.txt`,
      "x",
    );
    expect(response.status).toBe(400);
    expect(response.json.error).toBe("InvalidKey");
  });

  it("rejects dot-dot segments in a move destination", async () => {
    const bucket = await createBucket();
    const files = service.storage.from(bucket);
    await files.upload("inside.txt", "in");
    const moved = await files.move("inside.txt", "../outside.txt");
    expect(moved.error).toMatchObject({ status: 400, statusCode: "400" });
    expect(existsSync(fileOf(bucket, "inside.txt"))).toBe(true);
  });
});

describe("browser access", () => {
  it("answers CORS preflight requests", async () => {
    const bucket = await createBucket();
    const response = await fetch(
      `${stack.API_URL}/storage/v1/object/${bucket}/photo.png`,
      {
        method: "OPTIONS",
        headers: {
          origin: "http://127.0.0.1:54331",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, x-upsert",
        },
      },
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toBe(
      "authorization, x-upsert",
    );
    expect(response.headers.get("access-control-allow-methods")).toContain(
      "POST",
    );
  });

  it("allows any origin to read responses", async () => {
    const bucket = await createBucket();
    await service.storage.from(bucket).upload("cors.txt", "cors");
    const signed = await service.storage
      .from(bucket)
      .createSignedUrl("cors.txt", 60);
    const response = await fetch(signed.data?.signedUrl ?? "", {
      headers: { origin: "http://127.0.0.1:54330" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.text()).toBe("cors");
  });
});
