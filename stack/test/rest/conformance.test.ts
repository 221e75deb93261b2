// Replays the PostgREST conformance cases and checks the share of core cases
// the REST server passes; the runner prints the failing ids.
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../src/config.ts";
import { runConformance, suiteDir } from "../../src/rest/conformance/runner.ts";

const present = existsSync(suiteDir(ROOT_DIR));
if (!present) {
  console.log(
    `conformance: the suite folder ${suiteDir(ROOT_DIR)} is absent; skipped`,
  );
}

describe.skipIf(!present)("PostgREST conformance", () => {
  it("passes at least 85% of the core cases without breaking a connection", {
    timeout: 290_000,
  }, async () => {
    const lines: string[] = [];
    const summary = await runConformance({
      rootDir: ROOT_DIR,
      log: (line) => lines.push(line),
    });
    console.log(lines.join("\n"));
    const broken = summary.results.filter((result) =>
      /^error: (socket|read|connect|request)/.test(result.reason ?? ""),
    );
    expect(broken).toEqual([]);
    expect(summary.coreTotal).toBe(239);
    expect(summary.corePassed / summary.coreTotal).toBeGreaterThanOrEqual(0.85);
  });
});
