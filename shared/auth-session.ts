// Tells a rejected session from an auth server that did not respond. Only a
// rejection (an invalid token, or its session or user deleted) ends the
// session in the browser. A request cut off by a page navigation or a network
// failure keeps it, because signing out would also delete the session on the
// server and the next page would find the user signed out.
import {
  isAuthApiError,
  isAuthSessionMissingError,
} from "@supabase/supabase-js";

export function sessionRejected(error: unknown): boolean {
  if (isAuthSessionMissingError(error)) {
    return true;
  }

  return isAuthApiError(error) && error.status >= 400 && error.status < 500;
}
