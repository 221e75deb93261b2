// Runs in every test file: a failed test prints what its open browser
// pages showed, so a wait that timed out in CI can be read from the log.
import { beforeEach } from "vitest";
import { reportOpenPages } from "./browser.ts";

beforeEach((context) => {
  context.onTestFailed(() => reportOpenPages(context.task.name));
});
