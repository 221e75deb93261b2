// The admin and portal servers: a page load of any client-side route gets
// the single page, and a missing asset is a 404.
import { describe, expect, inject, it } from "vitest";

const stack = inject("stack");

describe("app routes", () => {
  for (const [app, base] of [
    ["admin", stack.ADMIN_URL],
    ["portal", stack.PORTAL_URL],
  ] as const) {
    it(`serves the ${app} page for a route with a dot`, async () => {
      const response = await fetch(
        `${base}/profile-coefficients/show/2026-01-01T00:00:00.000Z`,
        { headers: { accept: "text/html,application/xhtml+xml" } },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/html");
      expect(await response.text()).toContain('<div id="root">');
    });

    it(`returns 404 for a missing ${app} asset`, async () => {
      const response = await fetch(`${base}/assets/missing-file.js`, {
        headers: { accept: "*/*" },
      });
      expect(response.status).toBe(404);
    });
  }
});
