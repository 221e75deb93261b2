// Refine auth provider on Supabase Auth. `check` requests the user from the
// auth server on every navigation instead of trusting the session stored in
// the browser, so an edited, revoked or signed-out session ends at /login.
import type { AuthProvider } from "@refinedev/core";
import type { SupabaseClient } from "@supabase/supabase-js";
import { sessionRejected } from "../../../shared/auth-session.ts";
import { decodeJwtPayload } from "../../../shared/runtime-config.ts";
import { env } from "../env.ts";
import { i18n } from "../i18n/index.ts";

// Business roles that work in the admin; dealer and customer users have the
// portal. The database enforces access anyway; this keeps them out of screens
// that are not theirs.
export const STAFF_ROLES = [
  "admin",
  "manager",
  "sales_consultant",
  "call_centre_agent",
  "finance",
  "operations",
] as const;

async function staffRole(supabase: SupabaseClient): Promise<string | null> {
  const { data } = await supabase.auth.getSession();
  const token = data.session?.access_token;
  const role = token ? decodeJwtPayload(token).app_role : null;

  return typeof role === "string" &&
    (STAFF_ROLES as readonly string[]).includes(role)
    ? role
    : null;
}

// The page the password reset links return to.
export const UPDATE_PASSWORD_PATH = "/update-password";

export type Identity = {
  id: string;
  email: string;
  name: string;
  role: string | null;
  // Staff id from the access token, null for accounts that are not staff.
  staffId: string | null;
};

export function createAuthProvider(supabase: SupabaseClient): AuthProvider {
  return {
    login: async ({ email, password }) => {
      const { error } = await supabase.auth.signInWithPassword({
        email,
        password,
      });
      if (error) {
        const key =
          error.code === "invalid_credentials"
            ? "pages.login.errors.invalidCredentials"
            : "pages.login.errors.failed";

        return {
          success: false,
          error: {
            name: i18n.t("pages.login.errors.title"),
            message: i18n.t(key, { message: error.message }),
          },
        };
      }
      if (!(await staffRole(supabase))) {
        await supabase.auth.signOut({ scope: "local" });

        return {
          success: false,
          error: {
            name: i18n.t("pages.login.errors.title"),
            // The message names the portal's address when the admin's settings contain it.
            message: env.PORTAL_URL
              ? i18n.t("pages.login.errors.notStaffWithPortal", {
                  url: new URL("/login", env.PORTAL_URL).toString(),
                })
              : i18n.t("pages.login.errors.notStaff"),
          },
        };
      }

      return { success: true, redirectTo: "/" };
    },

    logout: async () => {
      await supabase.auth.signOut({ scope: "local" });

      return { success: true, redirectTo: "/login" };
    },

    check: async () => {
      const { data, error } = await supabase.auth.getUser();
      // An auth server that did not respond rejects nothing; the stored
      // session stays and the database checks every request anyway.
      const unanswered = error && !sessionRejected(error);
      const stored = unanswered ? await supabase.auth.getSession() : undefined;
      if (!data.user && !stored?.data.session) {
        await supabase.auth.signOut({ scope: "local" });

        return { authenticated: false, redirectTo: "/login", logout: true };
      }
      if (!(await staffRole(supabase))) {
        // Refine checks on every route change. A reset link signs in
        // dealers and customers too, and the new-password page needs their
        // session until it has saved the password.
        if (window.location.pathname === UPDATE_PASSWORD_PATH) {
          return { authenticated: false };
        }
        await supabase.auth.signOut({ scope: "local" });

        return { authenticated: false, redirectTo: "/login", logout: true };
      }

      return { authenticated: true };
    },

    onError: async (error) => {
      const status = (error as { statusCode?: number; status?: number })
        .statusCode;
      const code = (error as { code?: string }).code;
      if (status === 401 || code === "PGRST301" || code === "PGRST303") {
        return { logout: true, redirectTo: "/login", error };
      }

      return { error };
    },

    getPermissions: async () => {
      const { data } = await supabase.auth.getSession();
      const token = data.session?.access_token;

      return token ? (decodeJwtPayload(token).app_role ?? null) : null;
    },

    // Mails a reset link that signs the user in on /update-password. The
    // reply is the same whether or not the address has an account.
    forgotPassword: async ({ email }: { email: string }) => {
      const { error } = await supabase.auth.resetPasswordForEmail(
        email.trim(),
        { redirectTo: `${window.location.origin}${UPDATE_PASSWORD_PATH}` },
      );
      if (error) {
        return {
          success: false,
          error: {
            name: i18n.t("pages.forgotPassword.errors.title"),
            message: i18n.t("pages.forgotPassword.errors.failed", {
              message: error.message,
            }),
          },
        };
      }

      return {
        success: true,
        successNotification: {
          message: i18n.t("pages.forgotPassword.sent"),
        },
      };
    },

    getIdentity: async (): Promise<Identity | null> => {
      const { data } = await supabase.auth.getUser();
      if (!data.user) {
        return null;
      }
      const session = await supabase.auth.getSession();
      const token = session.data.session?.access_token;
      const claims = token ? decodeJwtPayload(token) : {};
      const role = claims.app_role;

      return {
        id: data.user.id,
        email: data.user.email ?? "",
        name:
          (data.user.user_metadata?.full_name as string | undefined) ??
          data.user.email ??
          "",
        role: typeof role === "string" ? role : null,
        staffId: typeof claims.staff_id === "string" ? claims.staff_id : null,
      };
    },
  };
}
