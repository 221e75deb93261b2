// Listing of objects one folder level at a time, as storage-js's `list`
// requests it. The query runs as the caller, so select policies on
// storage.objects decide what is listed.
import { sendJson } from "../http.ts";
import { badRequest, readJson } from "./body.ts";
import type { RouteRequest, StorageServices } from "./context.ts";

const LIST_SORT_COLUMNS = [
  "name",
  "updated_at",
  "created_at",
  "last_accessed_at",
];

type ListOptions = {
  prefix: string;
  search: string;
  limit: number;
  offset: number;
  column: string;
  order: "asc" | "desc";
};

function readListOptions(body: Record<string, unknown>): ListOptions {
  const requested = body.prefix;
  if (typeof requested !== "string") {
    throw badRequest("body must have required property 'prefix'");
  }
  const search = body.search ?? "";
  if (typeof search !== "string") {
    throw badRequest("body/search must be string");
  }
  const sortBy = (body.sortBy ?? {}) as Record<string, unknown>;
  const column = sortBy.column ?? "name";
  const order = sortBy.order ?? "asc";
  if (typeof column !== "string" || !LIST_SORT_COLUMNS.includes(column)) {
    throw badRequest(
      `body/sortBy/column must be one of ${LIST_SORT_COLUMNS.join(", ")}`,
    );
  }
  if (order !== "asc" && order !== "desc") {
    throw badRequest("body/sortBy/order must be asc or desc");
  }

  return {
    // A prefix names a folder, with or without its trailing "/".
    prefix:
      requested.length > 0 && !requested.endsWith("/")
        ? `${requested}/`
        : requested,
    search,
    limit: integerField(body.limit, "limit", 1) ?? 100,
    offset: integerField(body.offset, "offset", 0) ?? 0,
    column,
    order,
  };
}

// Lists one level below a prefix, as storage.search does on Supabase: the
// objects directly under it and one entry per sub-folder (with null id and
// metadata). Paging counts folders and objects together.
export async function listObjects(
  services: StorageServices,
  route: RouteRequest,
): Promise<void> {
  const body = await readJson(route.req);
  const caller = await route.caller();
  const { prefix, search, limit, offset, column, order } =
    readListOptions(body);
  const pattern = `${escapeLike(prefix + search)}%`;

  // Folders sort by their name followed by "/", the order of the keys
  // beneath them. Sorted by a time column, folders come first.
  const ordering =
    column === "name"
      ? `lower(case when is_folder then name || '/' else name end)
           collate "C" ${order}`
      : `is_folder desc, case when is_folder then lower(name) end ${order},
         ${column} ${order}`;
  const rows = await services.db.transaction(caller, async (tx) => {
    // The column and order come from the lists checked above.
    const result = await tx.query(
      `with visible as (
         select name, id, updated_at, created_at, last_accessed_at, metadata,
                substr(name, $3::int + 1) as rest
         from storage.objects
         where bucket_id = $1 and lower(name) like lower($2) escape '\\'
       ),
       entries as (
         select split_part(rest, '/', 1) as name, null::uuid as id,
                null::timestamptz as updated_at,
                null::timestamptz as created_at,
                null::timestamptz as last_accessed_at,
                null::jsonb as metadata, true as is_folder
         from visible
         where position('/' in rest) > 0
         group by split_part(rest, '/', 1)
         union all
         select rest, id, updated_at, created_at, last_accessed_at, metadata,
                false
         from visible
         where position('/' in rest) = 0
       )
       select name, id, updated_at, created_at, last_accessed_at, metadata
       from entries
       order by ${ordering}
       limit $4 offset $5`,
      [route.bucketId, pattern, prefix.length, limit, offset],
    );

    return result.rows;
  });
  sendJson(route.res, 200, rows);
}
function integerField(
  value: unknown,
  name: string,
  minimum: number,
): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw badRequest(`body/${name} must be integer`);
  }
  if (value < minimum) {
    throw badRequest(`body/${name} must be >= ${minimum}`);
  }

  return value;
}
function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
