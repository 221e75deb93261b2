// The screens each staff role may use. Menus and buttons follow these lists,
// and the database's row level security checks every request again.
import type { AccessControlProvider } from "@refinedev/core";
import type { SupabaseClient } from "@supabase/supabase-js";
import { decodeJwtPayload } from "../../../shared/runtime-config.ts";
import { findResource } from "./resources.ts";
import { STAFF_ROLES, type StaffRole } from "./types.ts";

// Screens that are not table resources, with the roles that may open them.
export const PAGE_ACCESS: Record<string, readonly StaffRole[]> = {
  // Menu groups, whose items are checked one by one.
  sales: STAFF_ROLES,
  customers: STAFF_ROLES,
  market: STAFF_ROLES,
  organisation: STAFF_ROLES,
  distribution_regions: STAFF_ROLES,
  subscriber_groups: STAFF_ROLES,
  dashboard: STAFF_ROLES,
  market_data: STAFF_ROLES,
  approvals: ["admin", "manager"],
  // The offer pipeline, for every role that may list offers.
  pipeline: findResource("offers")?.access.list ?? [],
  // The offer builder; create_offer checks the seller role again.
  offer_builder: ["admin", "manager", "sales_consultant"],
};

export function isStaffRole(role: unknown): role is StaffRole {
  return (
    typeof role === "string" &&
    (STAFF_ROLES as readonly string[]).includes(role)
  );
}

// Returns true when `role` may perform `action` on the resource or page.
export function roleCan(
  role: StaffRole | null,
  resource: string,
  action: string,
): boolean {
  if (!role) {
    return false;
  }
  const page = PAGE_ACCESS[resource];
  if (page) {
    return page.includes(role);
  }
  const description = findResource(resource);
  if (!description) {
    return false;
  }
  const { access } = description;
  switch (action) {
    case "list":
    case "show":
    case "export":
      return access.list.includes(role);
    case "create":
      return access.create?.includes(role) ?? false;
    case "edit":
      return access.edit?.includes(role) ?? false;
    default:
      return false;
  }
}

// Reads app_role from the access token of the current session. The session
// was verified by the auth provider's check before any screen renders.
export async function currentRole(
  supabase: SupabaseClient,
): Promise<StaffRole | null> {
  const { data } = await supabase.auth.getSession();
  const token = data.session?.access_token;
  const role = token ? decodeJwtPayload(token).app_role : null;

  return isStaffRole(role) ? role : null;
}

export function createAccessControlProvider(
  supabase: SupabaseClient,
): AccessControlProvider {
  return {
    can: async ({ resource, action }) => {
      const role = await currentRole(supabase);

      return { can: roleCan(role, resource ?? "", action) };
    },
    options: {
      buttons: { enableAccessControl: true, hideIfUnauthorized: true },
      // Access decisions depend on the signed-in user, so they are not kept long.
      queryOptions: { staleTime: 0, gcTime: 0 },
    },
  };
}
