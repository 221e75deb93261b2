import assert from "node:assert/strict";
import { corsHeaders, corsPreflight, jsonResponse } from "./cors.ts";

Deno.test("corsPreflight answers OPTIONS with 204 and CORS headers", () => {
  const response = corsPreflight(
    new Request("http://localhost/fn", { method: "OPTIONS" }),
  );

  assert.ok(response);
  assert.equal(response.status, 204);
  assert.equal(response.headers.get("access-control-allow-origin"), "*");
  assert.match(
    response.headers.get("access-control-allow-headers") ?? "",
    /authorization/,
  );
});

Deno.test("corsPreflight returns null for other methods", () => {
  for (const method of ["GET", "POST", "DELETE"]) {
    assert.equal(
      corsPreflight(new Request("http://localhost/fn", { method })),
      null,
      method,
    );
  }
});

Deno.test("jsonResponse sets status, JSON body and CORS headers", async () => {
  const response = jsonResponse({ status: "already_running" }, 409);

  assert.equal(response.status, 409);
  assert.equal(response.headers.get("content-type"), "application/json");
  assert.equal(
    response.headers.get("access-control-allow-origin"),
    corsHeaders["Access-Control-Allow-Origin"],
  );
  assert.deepEqual(await response.json(), { status: "already_running" });
});
