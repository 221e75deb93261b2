import { existsSync } from "node:fs";
import path from "node:path";
import type { SupabaseClient } from "@supabase/supabase-js";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { connect } from "../../../test/db.ts";
import {
  anonClient,
  bytesOf,
  serviceClient,
  storageFolder,
  type TestUser,
  uniqueName,
  userClient,
} from "./clients.ts";

const stack = inject("stack");
let db: pg.Client;
let service: SupabaseClient;
let bucket: string;
let first: TestUser;
let second: TestUser;

const POLICIES = {
  select: "Users can view files in their own folder",
  insert: "Users can upload files to their own folder",
  update: "Users can replace files in their own folder",
  delete: "Users can delete files in their own folder",
};

// One policy per operation, each limited to the test's bucket and to the
// folder named after the user's id.
async function createFolderPolicies(): Promise<void> {
  const own = `bucket_id = '${bucket}'
    and (storage.foldername(name))[1] = (select auth.uid()::text)`;
  await db.query(
    `create policy "${POLICIES.select}" on storage.objects
       for select to authenticated using (${own})`,
  );
  await db.query(
    `create policy "${POLICIES.insert}" on storage.objects
       for insert to authenticated with check (${own})`,
  );
  await db.query(
    `create policy "${POLICIES.update}" on storage.objects
       for update to authenticated using (${own}) with check (${own})`,
  );
  await db.query(
    `create policy "${POLICIES.delete}" on storage.objects
       for delete to authenticated using (${own})`,
  );
}

beforeAll(async () => {
  db = await connect(stack.DB_URL);
  service = serviceClient(stack);
  bucket = uniqueName("user-files");
  const created = await service.storage.createBucket(bucket, {
    public: false,
  });
  expect(created.error).toBeNull();
  first = await userClient(stack);
  second = await userClient(stack);
  await createFolderPolicies();
});

afterAll(async () => {
  for (const name of Object.values(POLICIES)) {
    await db.query(`drop policy if exists "${name}" on storage.objects`);
  }
  await db.end();
});

describe("policies on storage.objects", () => {
  it("lets a user write and read its own folder", async () => {
    const files = first.client.storage.from(bucket);
    const upload = await files.upload(`${first.id}/bill.txt`, "fatura", {
      contentType: "text/plain",
    });
    expect(upload.error).toBeNull();

    const download = await files.download(`${first.id}/bill.txt`);
    expect(download.error).toBeNull();
    expect((await bytesOf(download.data)).toString()).toBe("fatura");

    const listed = await files.list(first.id);
    expect(listed.data?.map((entry) => entry.name)).toEqual(["bill.txt"]);

    const { rows } = await db.query(
      `select owner, owner_id from storage.objects
       where bucket_id = $1 and name = $2`,
      [bucket, `${first.id}/bill.txt`],
    );
    expect(rows[0]).toEqual({ owner: first.id, owner_id: first.id });
  });

  it("rejects an upload into another user's folder", async () => {
    const upload = await first.client.storage
      .from(bucket)
      .upload(`${second.id}/intruder.txt`, "x");
    expect(upload.error).toMatchObject({
      status: 400,
      statusCode: "403",
      message: "new row violates row-level security policy",
    });
    const { rowCount } = await db.query(
      "select 1 from storage.objects where bucket_id = $1 and name = $2",
      [bucket, `${second.id}/intruder.txt`],
    );
    expect(rowCount).toBe(0);
    const folder = await storageFolder(db);
    expect(existsSync(path.join(folder, bucket, second.id))).toBe(false);
  });

  it("hides a user's files from another user", async () => {
    const name = `${first.id}/private.txt`;
    await first.client.storage.from(bucket).upload(name, "secret");
    const files = second.client.storage.from(bucket);

    const download = await files.download(name);
    expect(download.error).toMatchObject({ status: 400 });
    expect((download.error as { statusCode?: string } | null)?.statusCode).toBe(
      "404",
    );

    const listed = await files.list(first.id);
    expect(listed.data).toEqual([]);

    const signed = await files.createSignedUrl(name, 60);
    expect(signed.error?.message).toBe("Object not found");

    const removed = await files.remove([name]);
    expect(removed.data).toEqual([]);
    const stillThere = await first.client.storage.from(bucket).download(name);
    expect((await bytesOf(stillThere.data)).toString()).toBe("secret");

    const moved = await files.move(name, `${second.id}/taken.txt`);
    expect(moved.error?.message).toBe("Object not found");
  });

  it("lets a user replace, move and remove its own files", async () => {
    const files = second.client.storage.from(bucket);
    const name = `${second.id}/meter.csv`;
    expect((await files.upload(name, "v1")).error).toBeNull();
    expect((await files.upload(name, "v2", { upsert: true })).error).toBe(null);
    const moved = await files.move(name, `${second.id}/archive/meter.csv`);
    expect(moved.error).toBeNull();
    const outside = await files.move(
      `${second.id}/archive/meter.csv`,
      `${first.id}/meter.csv`,
    );
    expect(outside.error?.message).toBe(
      "new row violates row-level security policy",
    );
    const removed = await files.remove([`${second.id}/archive/meter.csv`]);
    expect(removed.data?.map((row) => row.name)).toEqual([
      `${second.id}/archive/meter.csv`,
    ]);
  });

  it("signs upload URLs only where the user may write", async () => {
    const files = second.client.storage.from(bucket);
    const foreign = await files.createSignedUploadUrl(`${first.id}/x.txt`);
    expect(foreign.error?.message).toBe(
      "new row violates row-level security policy",
    );

    const name = `${second.id}/signed.txt`;
    const own = await files.createSignedUploadUrl(name);
    expect(own.error).toBeNull();
    const upload = await anonClient(stack)
      .storage.from(bucket)
      .uploadToSignedUrl(name, own.data?.token ?? "", "signed");
    expect(upload.error).toBeNull();
    const { rows } = await db.query(
      "select owner_id from storage.objects where bucket_id = $1 and name = $2",
      [bucket, name],
    );
    expect(rows[0]?.owner_id).toBe(second.id);
  });

  it("lets the service role bypass the policies", async () => {
    const name = `${second.id}/from-service.txt`;
    const upload = await service.storage.from(bucket).upload(name, "ok");
    expect(upload.error).toBeNull();
    const download = await second.client.storage.from(bucket).download(name);
    expect((await bytesOf(download.data)).toString()).toBe("ok");
  });
});

describe("anonymous access", () => {
  it("rejects anon on a private bucket", async () => {
    const anon = anonClient(stack).storage.from(bucket);
    const name = `${first.id}/bill.txt`;
    const download = await anon.download(name);
    expect(download.error).not.toBeNull();
    const upload = await anon.upload("anon.txt", "x");
    expect(upload.error?.message).toBe(
      "new row violates row-level security policy",
    );
    const response = await fetch(anon.getPublicUrl(name).data.publicUrl);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      statusCode: "404",
      message: "Bucket not found",
    });
  });

  it("serves a public bucket's files by public URL", async () => {
    const publicBucket = uniqueName("brochures");
    await service.storage.createBucket(publicBucket, { public: true });
    await service.storage
      .from(publicBucket)
      .upload("tariffs/2026.html", "<h1>Tarife</h1>", {
        contentType: "text/html",
      });
    const anon = anonClient(stack).storage.from(publicBucket);
    const { publicUrl } = anon.getPublicUrl("tariffs/2026.html").data;
    const response = await fetch(publicUrl);
    expect(response.status).toBe(200);
    // Supabase serves stored HTML as plain text.
    expect(response.headers.get("content-type")).toBe("text/plain");
    expect(await response.text()).toBe("<h1>Tarife</h1>");

    const missing = await fetch(anon.getPublicUrl("none.html").data.publicUrl);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({
      statusCode: "404",
      message: "Object not found",
    });
  });

  it("rejects a request without a valid JWT", async () => {
    const response = await fetch(
      `${stack.API_URL}/storage/v1/object/${bucket}/x.txt`,
      {
        headers: {
          apikey: stack.ANON_KEY,
          authorization: "Bearer not-a-jwt",
        },
      },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      statusCode: "403",
      error: "Unauthorized",
      message: "jwt malformed",
    });
  });
});
