// Display names of the reference rows that metering points name by code, so
// documents print "Dicle Elektrik Dağıtım A.Ş." and "Sanayi" instead of the
// codes "dicle" and "sanayi".

import type { SupabaseClient } from "npm:@supabase/supabase-js@2.109.0";

/** Distribution company names and subscriber group names keyed by code. */
export interface ReferenceNames {
  regions: Map<string, string>;
  subscriberGroups: Map<string, string>;
}

async function namesByCode(
  client: SupabaseClient,
  table: "distribution_regions" | "subscriber_groups",
  nameColumn: "company_name" | "name_tr",
  codes: string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) {
    return new Map();
  }

  const { data, error } = await client
    .from(table)
    .select(`code, ${nameColumn}`)
    .in("code", unique);
  if (error) {
    throw new Error(`Reading names from ${table} failed: ${error.message}`);
  }

  const rows = (data ?? []) as unknown as Record<string, unknown>[];

  return new Map(
    rows.map((row) => [String(row.code), String(row[nameColumn])]),
  );
}

/**
 * Reads the names of the distribution regions and subscriber groups of the
 * given metering points. A code without a readable row keeps no entry, so
 * callers fall back to the code.
 */
export async function readReferenceNames(
  client: SupabaseClient,
  points: Record<string, unknown>[],
): Promise<ReferenceNames> {
  const [regions, subscriberGroups] = await Promise.all([
    namesByCode(
      client,
      "distribution_regions",
      "company_name",
      points.map((point) => String(point.distribution_region_code)),
    ),
    namesByCode(
      client,
      "subscriber_groups",
      "name_tr",
      points.map((point) => String(point.subscriber_group_code)),
    ),
  ]);

  return { regions, subscriberGroups };
}
