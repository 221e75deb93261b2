import { createClient } from "@refinedev/supabase";
import { env } from "./env.ts";

export const supabase = createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
  auth: { persistSession: true, autoRefreshToken: true },
});
