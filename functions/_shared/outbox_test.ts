// The retry schedule of the e-mail outbox: one minute after the first
// failure, doubling after each further one, at most one hour.

import assert from "node:assert/strict";
import { retryDelayMinutes } from "./outbox.ts";

Deno.test("retry delay doubles up to an hour", () => {
  const delays = [1, 2, 3, 4, 5, 6, 7].map(retryDelayMinutes);

  assert.deepEqual(delays, [1, 2, 4, 8, 16, 32, 60]);
});

Deno.test("retry delay before any failure is one minute", () => {
  assert.equal(retryDelayMinutes(0), 1);
});
