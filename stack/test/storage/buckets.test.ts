import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import {
  anonClient,
  serviceClient,
  uniqueName,
  userClient,
} from "./clients.ts";

const stack = inject("stack");
let db: pg.Client;
let service: SupabaseClient;

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  service = serviceClient(stack);
});

afterAll(async () => {
  await db.end();
});

describe("bucket management", () => {
  it("creates, reads, updates and deletes a bucket", async () => {
    const id = uniqueName("contracts");
    const created = await service.storage.createBucket(id, {
      public: false,
      fileSizeLimit: "5MB",
      allowedMimeTypes: ["application/pdf", "image/*"],
    });
    expect(created.error).toBeNull();
    expect(created.data).toEqual({ name: id });

    const bucket = await service.storage.getBucket(id);
    expect(bucket.error).toBeNull();
    expect(bucket.data).toMatchObject({
      id,
      name: id,
      public: false,
      file_size_limit: 5_000_000,
      allowed_mime_types: ["application/pdf", "image/*"],
    });

    const listed = await service.storage.listBuckets({ search: id });
    expect(listed.data?.map((entry) => entry.id)).toEqual([id]);

    const updated = await service.storage.updateBucket(id, {
      public: true,
      fileSizeLimit: 1024,
      allowedMimeTypes: null,
    });
    expect(updated.error).toBeNull();
    expect(updated.data?.message).toBe("Successfully updated");
    const { rows } = await db.query(
      `select public, file_size_limit, allowed_mime_types
       from storage.buckets where id = $1`,
      [id],
    );
    expect(rows[0]).toEqual({
      public: true,
      file_size_limit: "1024",
      allowed_mime_types: null,
    });

    const deleted = await service.storage.deleteBucket(id);
    expect(deleted.data?.message).toBe("Successfully deleted");
    const gone = await service.storage.getBucket(id);
    expect(gone.error).toMatchObject({
      status: 400,
      statusCode: "404",
      message: "Bucket not found",
    });
  });

  it("rejects a duplicate bucket", async () => {
    const id = uniqueName("dup");
    await service.storage.createBucket(id);
    const again = await service.storage.createBucket(id);
    expect(again.error).toMatchObject({
      statusCode: "409",
      message: "The resource already exists",
    });
  });

  it("deletes a bucket only when it is empty", async () => {
    const id = uniqueName("full");
    await service.storage.createBucket(id);
    await service.storage.from(id).upload("a/b.txt", "b");
    await service.storage.from(id).upload("c.txt", "c");
    const refused = await service.storage.deleteBucket(id);
    expect(refused.error).toMatchObject({
      statusCode: "409",
      message: "The bucket you tried to delete is not empty",
    });

    const emptied = await service.storage.emptyBucket(id);
    expect(emptied.data?.message).toBe("Successfully emptied");
    const { rowCount } = await db.query(
      "select 1 from storage.objects where bucket_id = $1",
      [id],
    );
    expect(rowCount).toBe(0);
    expect((await service.storage.deleteBucket(id)).error).toBeNull();
  });

  it("leaves bucket management to the service role", async () => {
    const anon = anonClient(stack);
    const user = await userClient(stack);
    const id = uniqueName("private");
    await service.storage.createBucket(id);

    for (const client of [anon, user.client]) {
      const created = await client.storage.createBucket(uniqueName("x"));
      expect(created.error).toMatchObject({
        statusCode: "403",
        message: "new row violates row-level security policy",
      });
      const listed = await client.storage.listBuckets();
      expect(listed.data).toEqual([]);
      const got = await client.storage.getBucket(id);
      expect(got.error?.message).toBe("Bucket not found");
      const deleted = await client.storage.deleteBucket(id);
      expect(deleted.error?.message).toBe("Bucket not found");
    }
    expect((await service.storage.getBucket(id)).error).toBeNull();
  });

  it("rejects invalid bucket settings", async () => {
    const badName = await service.storage.createBucket("bad/name");
    expect(badName.error).toMatchObject({
      statusCode: "400",
      message: "Bucket name invalid",
    });
    const badMime = await service.storage.createBucket(uniqueName("m"), {
      public: false,
      allowedMimeTypes: ["not a type"],
    });
    expect(badMime.error?.statusCode).toBe("415");
    const badSize = await service.storage.createBucket(uniqueName("s"), {
      public: false,
      fileSizeLimit: "ten megabytes",
    });
    expect(badSize.error?.statusCode).toBe("400");
  });
});
