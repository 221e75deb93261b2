// sessionRejected on the errors supabase-js returns: from the stack's
// auth server, and from an address where no server listens.
import { createClient } from "@supabase/supabase-js";
import { describe, expect, inject, it } from "vitest";
import { sessionRejected } from "../../shared/auth-session.ts";
import { freePort } from "../free-port.ts";
import { TEST_REALTIME_OPTIONS } from "../realtime.ts";

const stack = inject("stack");
const options = {
  auth: { persistSession: false, autoRefreshToken: false },
  realtime: TEST_REALTIME_OPTIONS,
};

describe("sessionRejected", () => {
  it("is true for a token the auth server rejects", async () => {
    const client = createClient(stack.API_URL, stack.ANON_KEY, options);
    const { data, error } = await client.auth.getUser(
      `${stack.ANON_KEY.split(".").slice(0, 2).join(".")}.bm90LXNpZ25lZA`,
    );
    expect(data.user).toBeNull();
    expect(error?.status).toBe(403);
    expect(sessionRejected(error)).toBe(true);
  });

  it("is true when no session is stored", async () => {
    const client = createClient(stack.API_URL, stack.ANON_KEY, options);
    const { error } = await client.auth.getUser();
    expect(error?.name).toBe("AuthSessionMissingError");
    expect(sessionRejected(error)).toBe(true);
  });

  it("is false when the auth server does not respond", async () => {
    const closed = `http://127.0.0.1:${await freePort()}`;
    const client = createClient(closed, stack.ANON_KEY, options);
    const { error } = await client.auth.getUser(stack.ANON_KEY);
    expect(error?.name).toBe("AuthRetryableFetchError");
    expect(sessionRejected(error)).toBe(false);
  });
});
