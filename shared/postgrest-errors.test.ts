import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  FUNCTION_ERROR_PATTERNS,
  labelerFor,
  technicalText,
  translateError,
} from "./postgrest-errors.ts";

// Two resources in the shape of the admin catalogue.
const labelField = labelerFor([
  {
    name: "parties",
    fields: [
      { name: "name", label: { tr: "Ad / unvan", en: "Name" } },
      { name: "vkn", label: { tr: "VKN", en: "Tax number (VKN)" } },
      {
        name: "estimated_yearly_consumption_kwh",
        label: {
          tr: "Tahmini yıllık tüketim (kWh)",
          en: "Estimated yearly consumption (kWh)",
        },
      },
      {
        name: "owner_dealer_id",
        label: { tr: "Sorumlu bayi", en: "Owner dealer" },
      },
    ],
  },
  {
    name: "dealers",
    fields: [{ name: "code", label: { tr: "Bayi kodu", en: "Dealer code" } }],
  },
]);

describe("translateError for SQLSTATEs", () => {
  it("names the field of a unique violation", () => {
    const error = {
      code: "23505",
      message:
        'duplicate key value violates unique constraint "dealers_code_key"',
      details: "Key (code)=(IST-01) already exists.",
      hint: null,
    };
    const tr = translateError(error, "tr", labelField);
    const en = translateError(error, "en", labelField);

    expect(tr.code).toBe("unique_violation");
    expect(tr.message).toBe(
      "Bu Bayi kodu değeri (IST-01) başka bir kayıtta zaten var.",
    );
    expect(en.message).toBe(
      "Another record already has this Dealer code (IST-01).",
    );
    expect(tr.technical).toBe(
      '[23505] duplicate key value violates unique constraint "dealers_code_key" (Key (code)=(IST-01) already exists.)',
    );
  });

  it("omits an unknown field of a unique violation", () => {
    const error = {
      code: "23505",
      message:
        'duplicate key value violates unique constraint "offers_offer_number_key"',
      details: "Key (offer_number)=(T-1) already exists.",
    };

    expect(translateError(error, "tr", labelField).message).toBe(
      "Aynı değerlerle başka bir kayıt zaten var.",
    );
  });

  it("says a party with the tax identity exists", () => {
    const error = {
      code: "23505",
      message:
        'duplicate key value violates unique constraint "parties_customer_code_key"',
      details: "Key (customer_code)=(C1A2B3C4D5E) already exists.",
    };

    expect(translateError(error, "tr", labelField).message).toBe(
      "Bu VKN veya TCKN ile kayıtlı bir firma / kişi zaten var.",
    );
  });

  it("names the column of a not-null violation", () => {
    const error = {
      code: "23502",
      message:
        'null value in column "name" of relation "parties" violates not-null constraint',
      details: "Failing row contains (…).",
    };

    expect(translateError(error, "tr", labelField).message).toBe(
      "«Ad / unvan» alanı boş bırakılamaz.",
    );
    expect(translateError(error, "en", labelField).message).toBe(
      "The field «Name» is required.",
    );
  });

  it("reads the column of a check constraint name", () => {
    const error = {
      code: "23514",
      message:
        'new row for relation "parties" violates check constraint "parties_estimated_yearly_consumption_kwh_check"',
      details: "Failing row contains (…).",
    };

    expect(translateError(error, "tr", labelField).message).toBe(
      "«Tahmini yıllık tüketim (kWh)» alanı için girilen değer geçersiz.",
    );
  });

  it("explains a named check constraint", () => {
    const error = {
      code: "23514",
      message:
        'new row for relation "parties" violates check constraint "parties_tax_identity_check"',
    };

    expect(translateError(error, "tr", labelField).code).toBe(
      "tax_identity_kind",
    );
  });

  it("explains an invalid metering point code", () => {
    const error = {
      code: "23514",
      message:
        'new row for relation "metering_points" violates check constraint "metering_points_code_eic_check"',
    };

    const turkish = translateError(error, "tr", labelField);
    expect(turkish.code).toBe("metering_point_code_invalid");
    expect(turkish.message).toMatch(/^Sayaç kodu \(EIC\) geçersiz\./);
    expect(translateError(error, "en", labelField).message).toMatch(
      /^The metering point code \(EIC\) is invalid\./,
    );
  });

  it("tells a missing foreign key from one in use", () => {
    const missing = {
      code: "23503",
      message:
        'insert or update on table "parties" violates foreign key constraint "parties_owner_dealer_id_fkey"',
      details:
        'Key (owner_dealer_id)=(8a4b…) is not present in table "dealers".',
    };
    const inUse = {
      code: "23503",
      message:
        'update or delete on table "dealers" violates foreign key constraint "parties_owner_dealer_id_fkey" on table "parties"',
      details: 'Key (id)=(8a4b…) is still referenced from table "parties".',
    };

    expect(translateError(missing, "tr", labelField).message).toBe(
      "«Sorumlu bayi» alanı için seçilen kayıt bulunamadı. Listeden yeniden seçin.",
    );
    expect(translateError(inUse, "tr", labelField).code).toBe(
      "foreign_key_in_use",
    );
  });

  it.each([
    [
      "42501",
      'new row violates row-level security policy for table "parties"',
      "row_security",
    ],
    ["42501", "permission denied for table parties", "permission_denied"],
    ["P0001", "some rule of a trigger", "rejected_by_rule"],
    ["22P02", 'invalid input syntax for type uuid: "abc"', "invalid_text"],
    ["22003", "numeric field overflow", "number_out_of_range"],
    [
      "40001",
      "could not serialize access due to concurrent update",
      "serialization_failure",
    ],
    [
      "PGRST116",
      "Cannot coerce the result to a single JSON object",
      "not_found",
    ],
    ["PGRST303", "JWT expired", "session_expired"],
    [
      "PGRST204",
      "Could not find the 'x' column of 'parties' in the schema cache",
      "request_invalid",
    ],
    ["22023", "Missing input field offer", "invalid_parameter"],
    ["XX000", "internal error", "unknown"],
  ])("maps SQLSTATE %s (%s)", (code, message, expected) => {
    expect(translateError({ code, message }, "tr").code).toBe(expected);
  });

  it("quotes the rejected text of 22P02", () => {
    const error = {
      code: "22P02",
      message: 'invalid input syntax for type uuid: "abc"',
    };

    expect(translateError(error, "tr").message).toBe(
      "«abc» değeri beklenen biçimde değil.",
    );
  });

  it("recognises a network failure", () => {
    const error = { message: "TypeError: Failed to fetch", code: "" };

    expect(translateError(error, "tr").code).toBe("network");
    expect(translateError(new TypeError("Failed to fetch"), "en").message).toBe(
      "The server could not be reached. Check your connection and try again.",
    );
  });
});

describe("translateError for the project's SQL functions", () => {
  it("names offer states in the UI language", () => {
    const error = {
      code: "P0001",
      message: "Offer state cannot change from sent to draft",
      hint: "An accepted offer has a contract and is not revised.",
    };

    expect(translateError(error, "tr").message).toBe(
      "Teklif «Gönderildi» durumundan «Taslak» durumuna geçemez.",
    );
    expect(translateError(error, "en").message).toBe(
      "The offer cannot go from «Sent» to «Draft».",
    );
  });

  it("writes the one-seller date the Turkish way", () => {
    const error = {
      code: "P0001",
      message:
        "Customer C0123456789 already has a valid offer from another seller until 2026-12-31",
    };

    expect(translateError(error, "tr").message).toBe(
      "C0123456789 müşterisinin 31.12.2026 tarihine kadar geçerli, başka bir satıcıdan teklifi var.",
    );
  });

  it("labels an invalid VKN with its advice", () => {
    const error = {
      code: "23514",
      message: "invalid VKN in parties.vkn: 1234567890",
      hint: "Check the digits of the number.",
    };

    expect(translateError(error, "tr", labelField).message).toBe(
      "«VKN» alanı için girilen değer geçersiz: 1234567890. Numaranın hanelerini denetleyin.",
    );
    expect(translateError(error, "en", labelField).message).toBe(
      "The value of the field «Tax number (VKN)» is invalid: 1234567890. Check the digits of the number.",
    );
  });

  it("gives an invalid e-mail address the e-mail advice", () => {
    const error = {
      code: "23514",
      message: "invalid e-mail address in parties.email: ali@firma",
      hint: "Write the address as name@domain, e.g. ali@firma.com.tr.",
    };

    expect(translateError(error, "tr").message).toContain(
      "Adresi ad@alan biçiminde yazın, ör. ali@firma.com.tr.",
    );
  });

  it("matches a pattern before the SQLSTATE", () => {
    const error = {
      code: "42501",
      message:
        "Permission denied for function price_offer: pricing is open to staff and dealer users only",
    };

    expect(translateError(error, "tr").code).toBe("pricing_forbidden");
  });

  it("explains metering points of different tariffs", () => {
    const error = {
      code: "22023",
      message:
        "The metering points of an offer must share region, subscriber group, voltage level and tariff type",
      hint: "Make one offer per tariff.",
    };

    expect(translateError(error, "tr").message).toBe(
      "Seçilen sayaçların tarifesi farklı: bir teklifteki sayaçların dağıtım bölgesi, abone grubu, gerilim seviyesi ve tarife türü (tek veya üç zamanlı) aynı olmalı. Her tarife için ayrı teklif hazırlayın.",
    );
    expect(translateError(error, "en").message).toBe(
      "The chosen metering points have different tariffs: the points of one offer must share distribution region, subscriber group, voltage level and tariff type (single- or three-time). Make one offer per tariff.",
    );
  });

  it("explains a metering point of another party", () => {
    const error = {
      code: "22023",
      message:
        "A metering point of consumption.metering_point_ids is not the party's",
    };

    expect(translateError(error, "tr").code).toBe("offer_point_other_party");
    expect(translateError(error, "en").message).toBe(
      "One of the chosen metering points does not belong to this party. Choose the metering points again.",
    );
  });

  it("names the months without prices", () => {
    const error = {
      code: "22023",
      message:
        "No published PTF and no forward price expectation for 2020-01, 2020-02: choose months with published PTF, or have an admin or manager enter a forward price expectation for them",
    };

    expect(translateError(error, "tr").code).toBe("forward_price_missing");
    expect(translateError(error, "tr").message).toBe(
      "Ocak 2020, Şubat 2020 için yayımlanmış PTF ve PTF beklentisi yok. Yayımlanmış PTF'si olan ayları seçin ya da bir yönetici bu aylar için PTF beklentisi girsin.",
    );
    expect(translateError(error, "en").message).toBe(
      "No published PTF and no forward price expectation for January 2020, February 2020. Choose months with published PTF, or have an admin or manager enter a forward price expectation for them.",
    );
  });

  it("explains an offer of 0 kWh", () => {
    const error = {
      code: "22023",
      message:
        "Total consumption in consumption.months is 0 kWh: an offer needs consumption to be priced",
    };

    expect(translateError(error, "tr").message).toBe(
      "Teklifin toplam tüketimi 0 kWh. Fiyatlandırmak için en az bir ayın tüketimini girin.",
    );
    expect(translateError(error, "en").code).toBe("consumption_zero");
  });

  it("names the metering point and its contract", () => {
    const error = {
      code: "22023",
      message:
        "Metering point 40S000012345678X is already in contract SZL-2026-000042",
      hint: "Make a new revision without this metering point, or accept the offer once that contract has ended.",
    };

    expect(translateError(error, "tr").code).toBe("metering_point_in_contract");
    expect(translateError(error, "tr").message).toBe(
      "40S000012345678X kodlu sayaç zaten SZL-2026-000042 numaralı sözleşmede. Bu sayacı kapsayan bir teklif, o sözleşme bitmeden kabul edilemez.",
    );
    expect(translateError(error, "en").message).toBe(
      "Metering point 40S000012345678X is already in contract SZL-2026-000042. An offer for this metering point cannot be accepted until that contract has ended.",
    );
  });

  it("finds every template in the migrations", () => {
    const folder = path.join(import.meta.dirname, "../supabase/migrations");
    const sql = readdirSync(folder)
      .filter((name) => name.endsWith(".sql"))
      .map((name) => readFileSync(path.join(folder, name), "utf8"))
      .join("\n")
      .replace(/\s*'\s*\n\s*'/g, "");

    for (const { code, template } of FUNCTION_ERROR_PATTERNS) {
      expect(sql, code).toContain(`'${template}`);
    }
  });
});

describe("translateError for the auth service", () => {
  it.each([
    ["invalid_credentials", "E-posta adresi veya şifre hatalı."],
    [
      "weak_password",
      "Şifre yeterince güçlü değil. Daha uzun bir şifre seçin.",
    ],
    [
      "over_email_send_rate_limit",
      "Çok fazla deneme yapıldı. Biraz bekleyip yeniden deneyin.",
    ],
    ["session_not_found", "Oturumunuzun süresi doldu. Yeniden giriş yapın."],
  ])("translates `%s`", (code, expected) => {
    const error = { code, message: "an English text", status: 400 };

    expect(translateError(error, "tr").message).toBe(expected);
  });
});

describe("technicalText", () => {
  it("sets the hint apart from the message", () => {
    expect(
      technicalText({
        code: "P0001",
        message: "m",
        details: "d",
        hint: "h",
      }),
    ).toBe("[P0001] m (d). Hint: h");
  });

  it("adds no second full stop", () => {
    expect(
      technicalText({
        code: "22023",
        message: "The points differ.",
        hint: "Make one offer per tariff.",
      }),
    ).toBe("[22023] The points differ. Hint: Make one offer per tariff.");
  });

  it("leaves out a missing hint", () => {
    expect(technicalText({ code: "22023", message: "m", hint: "" })).toBe(
      "[22023] m",
    );
  });
});
