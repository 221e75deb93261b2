// The stack started by npm start (and by the test setup) serves the
// project's functions folder under /functions/v1.
import { expect, inject, it } from "vitest";

const stack = inject("stack");

it("mounts the functions service on the gateway", async () => {
  const response = await fetch(`${stack.API_URL}/health`);
  const body = await response.json();

  expect(body.services).toContain("/functions/v1");
});

it("answers 404 for a function the project lacks", async () => {
  const response = await fetch(
    `${stack.API_URL}/functions/v1/no-such-function`,
    { headers: { authorization: `Bearer ${stack.ANON_KEY}` } },
  );

  expect(response.status).toBe(404);
  expect(await response.text()).toBe("Function not found");
});

it("does not serve the shared modules folder", async () => {
  const response = await fetch(`${stack.API_URL}/functions/v1/_shared`, {
    headers: { authorization: `Bearer ${stack.ANON_KEY}` },
  });

  expect(response.status).toBe(404);
});
