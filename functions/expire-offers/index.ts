// Expires approved and sent offers whose validity date has passed, by
// calling public.expire_offers() through the REST API with the caller's
// token. The scheduler calls it daily (scheduled job expire-offers) with
// the service role key; the database grants the function to the service
// role only, so any other caller gets PostgREST's permission error.
import { corsPreflight, jsonResponse } from "../_shared/cors.ts";

export async function handleRequest(request: Request): Promise<Response> {
  const preflight = corsPreflight(request);
  if (preflight) {
    return preflight;
  }

  if (request.method !== "POST") {
    return jsonResponse(
      { error: `Method ${request.method} not allowed; use POST` },
      405,
    );
  }

  const url = Deno.env.get("SUPABASE_URL");
  const anonKey = Deno.env.get("SUPABASE_ANON_KEY");
  if (!url || !anonKey) {
    console.error(
      "expire-offers: SUPABASE_URL or SUPABASE_ANON_KEY is not set",
    );

    return jsonResponse({ error: "The function is not configured" }, 500);
  }

  const authorization = request.headers.get("authorization");
  if (!authorization) {
    return jsonResponse({ error: "Missing Authorization header" }, 401);
  }

  const response = await fetch(`${url}/rest/v1/rpc/expire_offers`, {
    method: "POST",
    headers: {
      apikey: anonKey,
      authorization,
      "content-type": "application/json",
    },
    body: "{}",
  });
  const body = await response.json();
  if (!response.ok) {
    console.error(
      `expire-offers: expire_offers failed with HTTP ${response.status}: ${body?.message}`,
    );

    return jsonResponse(
      { error: body?.message ?? "expire_offers failed" },
      response.status,
    );
  }

  console.log(`expire-offers: expired ${body.expired} offers`);

  return jsonResponse(body);
}

Deno.serve(handleRequest);
