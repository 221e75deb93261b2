import assert from "node:assert/strict";
import { JOB_RUN_HEADER, parentJobRunId } from "./job-runs.ts";

function requestWith(value: string | null): Request {
  const headers = new Headers();
  if (value !== null) {
    headers.set(JOB_RUN_HEADER, value);
  }

  return new Request("http://localhost/fn", { method: "POST", headers });
}

Deno.test("parentJobRunId reads the scheduler's run id header", () => {
  const id = "0f8e4a52-9a43-4b1e-8f0e-3c1d2b7a6e55";

  assert.equal(parentJobRunId(requestWith(id)), id);
});

Deno.test("parentJobRunId ignores a missing or malformed header", () => {
  assert.equal(parentJobRunId(requestWith(null)), null);
  assert.equal(parentJobRunId(requestWith("not-a-uuid")), null);
  assert.equal(parentJobRunId(requestWith("1; drop table x")), null);
});
