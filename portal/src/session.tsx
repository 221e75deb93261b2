// The signed-in user of the portal. The session stored in the browser is
// checked with the auth server (getUser) on load and on every auth event,
// so an edited or revoked session ends at the sign-in page.
import type { User } from "@supabase/supabase-js";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
} from "react";
import { sessionRejected } from "../../shared/auth-session.ts";
import { decodeJwtPayload } from "../../shared/runtime-config.ts";
import { supabase } from "./supabase.ts";

export type PortalSession =
  | { state: "loading" }
  | { state: "signed-out" }
  | {
      state: "signed-in";
      user: User;
      role: string | null;
    };

type SessionContextValue = {
  session: PortalSession;
  refresh: () => Promise<void>;
};

const SessionContext = createContext<SessionContextValue | undefined>(
  undefined,
);

async function verifiedSession(): Promise<PortalSession> {
  const { data, error } = await supabase.auth.getUser();
  const { data: stored } = await supabase.auth.getSession();
  // An auth server that did not respond rejects nothing: the stored session
  // stays, and the database checks every request it makes anyway.
  const user =
    data.user ??
    (error && !sessionRejected(error) ? stored.session?.user : undefined);
  if (!user) {
    await supabase.auth.signOut({ scope: "local" });

    return { state: "signed-out" };
  }
  const token = stored.session?.access_token;
  const role = token ? decodeJwtPayload(token).app_role : null;

  return {
    state: "signed-in",
    user,
    role: typeof role === "string" ? role : null,
  };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<PortalSession>({ state: "loading" });
  const refresh = useCallback(async () => {
    setSession(await verifiedSession());
  }, []);

  useEffect(() => {
    void refresh();
    const { data } = supabase.auth.onAuthStateChange((event) => {
      if (event === "SIGNED_OUT") {
        setSession({ state: "signed-out" });
      } else if (event === "SIGNED_IN" || event === "USER_UPDATED") {
        // Supabase runs this callback inside its auth lock, so the check
        // that calls back into the client waits for the lock to be free.
        setTimeout(() => void refresh(), 0);
      }
    });

    return () => data.subscription.unsubscribe();
  }, [refresh]);

  return (
    <SessionContext.Provider value={{ session, refresh }}>
      {children}
    </SessionContext.Provider>
  );
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) {
    throw new Error("useSession is used outside SessionProvider");
  }

  return value;
}
