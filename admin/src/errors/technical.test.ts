import type { DataProvider } from "@refinedev/core";
import { describe, expect, it } from "vitest";
import { translateError } from "../../../shared/postgrest-errors.ts";
import { splitTechnical, withTranslatedErrors } from "./technical.ts";

const DUPLICATE = {
  code: "23505",
  message: 'duplicate key value violates unique constraint "dealers_code_key"',
  details: "Key (code)=(IST-01) already exists.",
  hint: null,
};

// A provider whose create rejects the way @refinedev/supabase does: the
// PostgREST error spread into an object with a numeric statusCode.
function failingProvider(): DataProvider {
  return {
    getApiUrl: () => "http://127.0.0.1:54321/rest/v1",
    getList: async () => ({ data: [], total: 0 }),
    getOne: async () => ({ data: { id: 1 } }),
    create: async () => Promise.reject({ ...DUPLICATE, statusCode: 23505 }),
    update: async () => ({ data: { id: 1 } }),
    deleteOne: async () => ({ data: { id: 1 } }),
  } as DataProvider;
}

const translateTurkish = (error: unknown) => translateError(error, "tr");

describe("withTranslatedErrors", () => {
  it("rejects with the sentence and the server text", async () => {
    const provider = withTranslatedErrors(failingProvider(), translateTurkish);

    const error = (await provider
      .create({ resource: "dealers", variables: {} })
      .then(
        () => ({}),
        (reason: unknown) => reason,
      )) as Record<string, unknown>;

    const [sentence, technical] = splitTechnical(String(error.message));
    expect(sentence).toBe("Aynı değerlerle başka bir kayıt zaten var.");
    expect(technical).toBe(
      '[23505] duplicate key value violates unique constraint "dealers_code_key" (Key (code)=(IST-01) already exists.)',
    );
    expect(error.code).toBe("23505");
    expect(error.details).toBe(DUPLICATE.details);
    expect(error.statusCode).toBe(23505);
    expect(error.errorCode).toBe("unique_violation");
  });

  it("keeps getApiUrl synchronous", () => {
    const provider = withTranslatedErrors(failingProvider(), translateTurkish);

    expect(provider.getApiUrl()).toBe("http://127.0.0.1:54321/rest/v1");
  });

  it("passes results through", async () => {
    const provider = withTranslatedErrors(failingProvider(), translateTurkish);

    expect(await provider.getOne({ resource: "dealers", id: 1 })).toEqual({
      data: { id: 1 },
    });
  });
});

describe("splitTechnical", () => {
  it("leaves an untranslated message whole", () => {
    expect(splitTechnical("plain")).toEqual(["plain", ""]);
  });
});
