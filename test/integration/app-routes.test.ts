// The admin and portal servers: a page load of any client-side route gets
// the single page, static files such as the favicon and the organisation
// logo are served, and a missing asset is a 404.
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

    it(`links and serves the ${app} favicon`, async () => {
      const page = await (
        await fetch(`${base}/`, { headers: { accept: "text/html" } })
      ).text();
      expect(page).toContain(
        '<link rel="icon" type="image/svg+xml" href="/favicon.svg" />',
      );

      const response = await fetch(`${base}/favicon.svg`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/svg+xml");
      expect(await response.text()).toContain("<svg");
    });

    it(`serves /favicon.ico in ${app}`, async () => {
      // Browsers and tools that ignore the icon link still request this path.
      const response = await fetch(`${base}/favicon.ico`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/x-icon");
      const bytes = new Uint8Array(await response.arrayBuffer());
      // An ICO file starts with reserved 0, type 1 (icon), little-endian.
      expect([...bytes.slice(0, 4)]).toEqual([0, 0, 1, 0]);
    });

    it(`serves the organisation logo in ${app}`, async () => {
      // The seeded organisation stores this path as its logo_url.
      const response = await fetch(`${base}/brand/logo.svg`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/svg+xml");
      expect(await response.text()).toContain("<svg");
    });

    it(`returns 404 for a missing ${app} asset`, async () => {
      const response = await fetch(`${base}/assets/missing-file.js`, {
        headers: { accept: "*/*" },
      });
      expect(response.status).toBe(404);
    });
  }
});
