import { createClient } from "@supabase/supabase-js";
import { readRuntimeConfig } from "../../shared/runtime-config.ts";

const env = readRuntimeConfig();

export const supabase = createClient(env.SUPABASE_URL, env.SUPABASE_ANON_KEY, {
  auth: { persistSession: true, autoRefreshToken: true },
});
