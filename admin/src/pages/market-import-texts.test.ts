import { describe, expect, it } from "vitest";
import { IMPORT_REASON_CODES } from "../../../seed/src/market/import-reasons.ts";
import { en } from "../i18n/en.ts";
import { tr } from "../i18n/tr.ts";
import {
  localDateTime,
  periodText,
  reasonText,
  replacedText,
} from "./market-import-texts.ts";

// A stand-in for Refine's translate: looks the key up in one language's
// texts and fills {{name}} placeholders.
function translatorOf(texts: object) {
  return (
    key: string,
    options: Record<string, unknown> = {},
    defaultMessage?: string,
  ) => {
    let value: unknown = texts;
    for (const part of key.split(".")) {
      value = (value as Record<string, unknown> | undefined)?.[part];
    }
    if (typeof value !== "string") {
      return defaultMessage ?? key;
    }

    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) =>
      String(options[name]),
    );
  };
}

describe("localDateTime", () => {
  it("formats Istanbul time in Turkish", () => {
    expect(localDateTime("2033-12-31T21:00:00.000Z", "tr")).toBe(
      "01.01.2034 00:00",
    );
  });

  it("formats Istanbul time in English", () => {
    expect(localDateTime("2034-06-30T20:00:00.000Z", "en")).toBe(
      "30/06/2034 23:00",
    );
  });
});

describe("replaced period", () => {
  it("ends at the end of the last hour", () => {
    expect(
      periodText("2033-12-31T21:00:00.000Z", "2034-12-31T20:00:00.000Z", "tr"),
    ).toEqual({ from: "01.01.2034 00:00", to: "01.01.2035 00:00" });
  });

  it("reads in both languages", () => {
    const scope = {
      kind: "period" as const,
      from: "2031-03-01T21:00:00.000Z",
      to: "2031-03-03T20:00:00.000Z",
    };
    const english = "2031-03-01T21:00:00.000Z to 2031-03-03T20:00:00.000Z";

    expect(replacedText(translatorOf(tr), "tr", english, scope)).toBe(
      "02.03.2031 00:00 – 04.03.2031 00:00 arasındaki saatler",
    );
    expect(replacedText(translatorOf(en), "en", english, scope)).toBe(
      "hours from 02/03/2031 00:00 to 04/03/2031 00:00",
    );
  });

  it("keeps the English text without a scope", () => {
    expect(
      replacedText(translatorOf(tr), "tr", "the same years", undefined),
    ).toBe("the same years");
  });
});

describe("reasonText", () => {
  it("shows a repeated hour in Istanbul time", () => {
    const failure = {
      reason: "hour 2035-01-01T05:00:00.000Z appears twice",
      code: "hour_twice",
      params: { hour_start: "2035-01-01T05:00:00.000Z" },
    };

    expect(reasonText(translatorOf(tr), "tr", failure)).toBe(
      "01.01.2035 08:00 saati iki kez geçiyor",
    );
    expect(reasonText(translatorOf(en), "en", failure)).toBe(
      "the hour 01/01/2035 08:00 appears twice",
    );
  });

  it("names the number profile", () => {
    const failure = {
      reason: "…",
      code: "invalid_number",
      params: { column: "PTF (TL/MWh)", text: "1.234,5x", profile: "tr" },
    };

    expect(reasonText(translatorOf(tr), "tr", failure)).toBe(
      "PTF (TL/MWh): «1.234,5x» geçerli bir sayı değil " +
        "(sayı biçimi: Türk biçimi (ondalık virgül, binlik nokta))",
    );
  });

  it("keeps the English text without a code", () => {
    expect(reasonText(translatorOf(tr), "tr", { reason: "old text" })).toBe(
      "old text",
    );
  });

  it.each(IMPORT_REASON_CODES)("has both texts for %s", (code) => {
    expect(tr.market_import_texts.reasons).toHaveProperty(code);
    expect(en.market_import_texts.reasons).toHaveProperty(code);
  });
});
