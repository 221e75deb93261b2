import assert from "node:assert/strict";
import type { OsosIndexReading } from "./osos.ts";
import { analyseIndexReadings, roundCumulatively } from "./readings-batch.ts";

Deno.test("roundCumulatively keeps the series total", () => {
  const hours = roundCumulatively(["0.333333", "0.333333", "0.333334"]);

  assert.deepEqual(hours, ["0.333", "0.334", "0.333"]);
});

function reading(
  readAt: string,
  meterSerial: string,
  t1Index: number,
): OsosIndexReading {
  return {
    readAt,
    meterSerial,
    registerDigits: 6,
    multiplier: 1,
    t1Index,
    t2Index: 0,
    t3Index: 0,
    totalIndex: null,
    exportIndex: null,
  };
}

Deno.test("analyseIndexReadings flags a meter replacement", () => {
  const { flags, byZoneMilli } = analyseIndexReadings("point", "CODE", [
    reading("2024-02-01T00:00:00+03:00", "A", 44_900),
    reading("2024-02-15T00:00:00+03:00", "A", 45_210),
    reading("2024-02-15T00:00:00+03:00", "B", 0.4),
    reading("2024-02-29T00:00:00+03:00", "B", 210.4),
  ]);

  assert.deepEqual(
    flags.map((flag) => [flag.kind, flag.detail.meter_serial]),
    [["meter_replacement", "B"]],
  );
  assert.equal(byZoneMilli?.T1, 520_000n);
});

Deno.test("analyseIndexReadings flags a rollover and a drop", () => {
  const rollover = analyseIndexReadings("point", "CODE", [
    reading("2024-03-01T00:00:00+03:00", "A", 999_950),
    reading("2024-03-02T00:00:00+03:00", "A", 30),
  ]);

  assert.equal(rollover.flags[0]?.kind, "rollover");
  assert.equal(rollover.flags[0]?.meterValueKwh, "80.000");

  const drop = analyseIndexReadings("point", "CODE", [
    reading("2024-03-01T00:00:00+03:00", "A", 12_345),
    reading("2024-03-02T00:00:00+03:00", "A", 12_300),
  ]);

  assert.equal(drop.flags[0]?.kind, "index_review");
  assert.equal(drop.byZoneMilli?.T1, 0n);
});
