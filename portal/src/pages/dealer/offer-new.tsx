// A dealer's new offer: a lead or customer of the dealer tree, its metering
// points or an estimated consumption by time zone, and up to 5 alternatives
// priced by price_offer and checked by check_offer_rules as values change.
// create_offer saves it as a draft, which the offer page submits. Each
// field shows its own problem, and only the save button saves.
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tag,
} from "antd";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { MAX_MONTHLY_KWH } from "../../../../shared/consumption-limits.ts";
import {
  compareDecimals,
  formatDecimal,
  formatTry,
} from "../../../../shared/money.ts";
import { monthLabel } from "../../../../shared/months.ts";
import { filterOptionByTurkishLabel } from "../../../../shared/turkish.ts";
import { parseTurkishNumber } from "../../../../shared/turkish-number.ts";
import {
  type BrokenRule,
  BrokenRules,
} from "../../components/broken-rules.tsx";
import { IsoPicker } from "../../components/date-inputs.tsx";
import {
  type DemoFigures,
  DemoPricesMark,
} from "../../components/demo-prices-mark.tsx";
import { ErrorAlert } from "../../components/error-alert.tsx";
import { LoadState } from "../../components/load-state.tsx";
import {
  hasMixedTariffs,
  MeteringPointChoice,
  type PointOption,
  type Tariff,
  type TariffReferences,
} from "../../components/metering-point-choice.tsx";
import {
  describeError,
  describeFailure,
  type PortalError,
} from "../../errors.ts";
import { useLoad } from "../../load.ts";
import { supabase } from "../../supabase.ts";

type AlternativeKind = "discount" | "fixed_price" | "ptf_indexed";

type AlternativeInput = { label: string; kind: AlternativeKind; value: string };

type PartyOption = { id: string; name: string };

type NamedOption = { code: string; name_tr: string; name_en: string };

// The maximum number of months in an offer period.
const MAX_MONTHS = 12;

type PricedMonth = {
  month: string;
  consumption_kwh: number;
  regulated_bill: { total_try: number };
  offer_bill: { total_try: number };
  savings_try: number;
};

type Pricing = DemoFigures & {
  totals: {
    regulated_total_try: number;
    offer_total_try: number;
    savings_try: number;
  };
  months: PricedMonth[];
};

type RuleCheck = {
  broken_rules: BrokenRule[];
  requires_approval: boolean;
  is_allowed: boolean;
};

// A kWh field: a time zone's monthly figure, or "kwh", the month's total of
// a single-time tariff.
type KwhField = "T1" | "T2" | "T3" | "kwh";

// A month of the offer's consumption as create_offer stores it.
type OfferMonth =
  | { month: string; T1: number; T2: number; T3: number }
  | { month: string; kwh: number };

type AlternativeResult =
  | { pricing: Pricing; rules: RuleCheck; error?: undefined }
  | { error: PortalError };

// The parameter each alternative kind takes, with its unit.
const PARAMETER_OF_KIND: Record<AlternativeKind, string> = {
  discount: "discount_pct",
  fixed_price: "unit_price_try_per_kwh",
  ptf_indexed: "margin_try_per_mwh",
};

function addMonths(month: string, count: number): string {
  const [year = 0, monthNumber = 1] = month.split("-").map(Number);
  const date = new Date(Date.UTC(year, monthNumber - 1 + count, 1));

  return date.toISOString().slice(0, 7);
}

function istanbulDateAfter(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString("sv-SE", {
    timeZone: "Europe/Istanbul",
  });
}

// The i18n key of a field's problem. "required" is shown only after a save
// attempt, the others as soon as they are typed.
type FieldProblem =
  | "offerForm.invalidNumber"
  | "offerForm.pointsDiffer"
  | "offerFormInput.required"
  | "offerFormInput.negativeKwh"
  | "offerFormInput.kwhTooLarge"
  | "offerFormInput.discountRange"
  | "offerFormInput.negativeUnitPrice"
  | "offerFormChecks.monthCountRange";

// Checks a monthly kWh field: a Turkish number from zero to
// MAX_MONTHLY_KWH.
function kwhProblem(text: string): FieldProblem | null {
  if (text.trim() === "") {
    return "offerFormInput.required";
  }
  const value = parseTurkishNumber(text);
  if (value === null) {
    return "offerForm.invalidNumber";
  }
  if (compareDecimals(value, "0") < 0) {
    return "offerFormInput.negativeKwh";
  }

  return compareDecimals(value, MAX_MONTHLY_KWH) > 0
    ? "offerFormInput.kwhTooLarge"
    : null;
}

// Reads the month count field, or returns null unless it is a whole number
// from 1 to MAX_MONTHS.
function parseMonthCount(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return null;
  }
  const count = Number(trimmed);

  return count >= 1 && count <= MAX_MONTHS ? count : null;
}

// Checks an alternative's value: a Turkish number, a discount from 0 to 100
// and a fixed unit price of zero or more. The discount range is the one
// price_offer's error message states, although it only rejects above 100.
function parameterProblem(alternative: AlternativeInput): FieldProblem | null {
  if (alternative.value.trim() === "") {
    return "offerFormInput.required";
  }
  const text = parseTurkishNumber(alternative.value);
  if (text === null) {
    return "offerForm.invalidNumber";
  }
  const value = Number(text);
  if (alternative.kind === "discount" && (value < 0 || value > 100)) {
    return "offerFormInput.discountRange";
  }
  if (alternative.kind === "fixed_price" && value < 0) {
    return "offerFormInput.negativeUnitPrice";
  }

  return null;
}

// Builds the parameters object of an alternative, or null when its value
// has a problem.
function parametersOf(
  alternative: AlternativeInput,
): Record<string, number | string> | null {
  if (parameterProblem(alternative) !== null) {
    return null;
  }
  const value = Number(parseTurkishNumber(alternative.value));

  return { [PARAMETER_OF_KIND[alternative.kind]]: value };
}

export function NewOfferPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [partyId, setPartyId] = useState<string>();
  const [mode, setMode] = useState<"points" | "estimate">("points");
  const [pointIds, setPointIds] = useState<string[]>([]);
  const [estimateTariff, setEstimateTariff] = useState<Tariff>({
    distribution_region_code: "bogazici",
    subscriber_group_code: "sanayi",
    voltage_level_code: "AG",
    tariff_type: "three_time",
  });
  const [firstMonth, setFirstMonth] = useState(
    istanbulDateAfter(31).slice(0, 7),
  );
  const [monthCountText, setMonthCountText] = useState(String(MAX_MONTHS));
  const monthCount = parseMonthCount(monthCountText);
  const [zoneKwh, setZoneKwh] = useState({ T1: "", T2: "", T3: "" });
  // A single-time tariff's consumption: one kWh figure per month.
  const [monthlyKwh, setMonthlyKwh] = useState("");
  const [validUntil, setValidUntil] = useState(istanbulDateAfter(30));
  const [alternatives, setAlternatives] = useState<AlternativeInput[]>([
    { label: "", kind: "discount", value: "" },
  ]);
  // An alternative whose value has a problem has no result.
  const [results, setResults] = useState<(AlternativeResult | undefined)[]>([]);
  const [saving, setSaving] = useState(false);
  // Set by the first save attempt, after which empty fields are marked.
  const [saveAttempted, setSaveAttempted] = useState(false);
  const [saveError, setSaveError] = useState<PortalError | null>(null);

  const parties = useLoad(
    () =>
      supabase
        .from("parties")
        .select("id, name")
        .in("lifecycle", ["lead", "customer"])
        .order("name")
        .returns<PartyOption[]>(),
    [],
  );
  const references = useLoad(async () => {
    const [regions, groups, voltages] = await Promise.all([
      supabase.from("distribution_regions").select("code, name").order("name"),
      supabase
        .from("subscriber_groups")
        .select("code, name_tr, name_en")
        .order("sort_order"),
      supabase
        .from("voltage_levels")
        .select("code, name_tr, name_en")
        .order("code"),
    ]);
    const error = regions.error ?? groups.error ?? voltages.error;

    return {
      data: error
        ? null
        : ({
            regions: regions.data ?? [],
            groups: groups.data ?? [],
            voltages: voltages.data ?? [],
          } as TariffReferences),
      error,
    };
  }, []);
  const named = (options: NamedOption[]) =>
    options.map((option) => ({
      value: option.code,
      label: i18n.language === "en" ? option.name_en : option.name_tr,
    }));
  const tariffOptions = {
    distribution_region_code: (references.data?.regions ?? []).map(
      (region) => ({ value: region.code, label: region.name }),
    ),
    subscriber_group_code: named(references.data?.groups ?? []),
    voltage_level_code: named(references.data?.voltages ?? []),
  };
  const points = useLoad(
    () =>
      partyId
        ? supabase
            .from("metering_points")
            .select(
              "id, code, distribution_region_code, subscriber_group_code, voltage_level_code, tariff_type",
            )
            .eq("party_id", partyId)
            .order("code")
            .returns<PointOption[]>()
        : Promise.resolve({ data: [] as PointOption[], error: null }),
    [partyId],
  );

  // The tariff the offer is priced on: that of the chosen points (which
  // create_offer requires to be shared) or the estimate's. Points of more
  // than one tariff have none, so they are neither priced nor saved.
  const chosenPoints = (points.data ?? []).filter((point) =>
    pointIds.includes(point.id),
  );
  const mixedTariffs = mode === "points" && hasMixedTariffs(chosenPoints);
  const pointTariff = mixedTariffs ? undefined : chosenPoints[0];
  const tariff: Tariff | undefined =
    mode === "estimate"
      ? estimateTariff
      : pointTariff && {
          distribution_region_code: pointTariff.distribution_region_code,
          subscriber_group_code: pointTariff.subscriber_group_code,
          voltage_level_code: pointTariff.voltage_level_code,
          tariff_type: pointTariff.tariff_type,
        };
  // A single-time tariff is priced on one kWh figure a month, a
  // three-time tariff (and a form with no tariff yet) on T1, T2 and T3.
  const singleTime = tariff?.tariff_type === "single_time";
  const kwhFields: KwhField[] = singleTime ? ["kwh"] : ["T1", "T2", "T3"];
  const kwhText: Record<KwhField, string> = { ...zoneKwh, kwh: monthlyKwh };
  const kwhProblems = Object.fromEntries(
    kwhFields.map((field) => [field, kwhProblem(kwhText[field])]),
  ) as Partial<Record<KwhField, FieldProblem | null>>;
  const kwhOf = (field: KwhField) => Number(parseTurkishNumber(kwhText[field]));
  const kwhLabel = (field: KwhField) =>
    field === "kwh"
      ? t("offerForm.monthlyKwh")
      : t("offerForm.zoneKwh", { zone: field });
  const kwhValid = kwhFields.every((field) => kwhProblems[field] === null);
  // NOTE: every month gets the same kWh, and the points' readings are not
  // read in; a per-month table would replace these fields.
  const months: OfferMonth[] =
    kwhValid && firstMonth !== "" && monthCount !== null
      ? Array.from({ length: monthCount }, (_, index) => {
          const month = addMonths(firstMonth, index);

          return singleTime
            ? { month, kwh: kwhOf("kwh") }
            : { month, T1: kwhOf("T1"), T2: kwhOf("T2"), T3: kwhOf("T3") };
        })
      : [];
  const pricingKey = JSON.stringify({ tariff, months, alternatives });

  // Prices every alternative half a second after the last change.
  useEffect(() => {
    if (!tariff || months.length === 0) {
      setResults([]);

      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      const monthly = months.map((month) =>
        "kwh" in month
          ? { month: month.month, kwh: month.kwh }
          : {
              month: month.month,
              t1_kwh: month.T1,
              t2_kwh: month.T2,
              t3_kwh: month.T3,
            },
      );
      const next = await Promise.all(
        alternatives.map(
          async (alternative): Promise<AlternativeResult | undefined> => {
            const parameters = parametersOf(alternative);
            if (!parameters) {
              return undefined;
            }
            const input = {
              ...tariff,
              consumption: { monthly },
              offer: { kind: alternative.kind, ...parameters },
            };
            const [pricing, rules] = await Promise.all([
              supabase.rpc("price_offer", { p_input: input }),
              supabase.rpc("check_offer_rules", { p_input: input }),
            ]);
            const error = pricing.error ?? rules.error;
            if (error) {
              return { error: describeError(error, "price_offer") };
            }

            return {
              pricing: pricing.data as Pricing,
              rules: rules.data as RuleCheck,
            };
          },
        ),
      );
      if (current) {
        setResults(next);
      }
    }, 500);

    return () => {
      current = false;
      clearTimeout(timer);
    };
    // pricingKey is the JSON of tariff, months and alternatives, which are
    // new objects on every render.
  }, [pricingKey]);

  const updateAlternative = (
    index: number,
    change: Partial<AlternativeInput>,
  ) =>
    setAlternatives((previous) =>
      previous.map((alternative, position) =>
        position === index ? { ...alternative, ...change } : alternative,
      ),
    );

  // A failed save's message describes the input it was sent with, so any
  // change clears it.
  const inputKey = JSON.stringify({
    partyId,
    mode,
    pointIds,
    estimateTariff,
    firstMonth,
    monthCountText,
    zoneKwh,
    monthlyKwh,
    validUntil,
    alternatives,
  });
  useEffect(() => {
    setSaveError(null);
  }, [inputKey]);

  const required = "offerFormInput.required";
  const problems = {
    party: partyId ? null : required,
    points:
      mode === "points" && pointIds.length === 0
        ? required
        : mixedTariffs
          ? "offerForm.pointsDiffer"
          : null,
    firstMonth: firstMonth === "" ? required : null,
    monthCount:
      monthCountText.trim() === ""
        ? required
        : monthCount === null
          ? "offerFormChecks.monthCountRange"
          : null,
    validUntil: validUntil === "" ? required : null,
    labels: alternatives.map((alternative) =>
      alternative.label.trim() === "" ? required : null,
    ),
    values: alternatives.map(parameterProblem),
  } satisfies Record<string, FieldProblem | null | (FieldProblem | null)[]>;
  // The text shown at a field, if any. An empty field is marked only after
  // a save attempt, so a new form does not open in red.
  const messageOf = (problem: FieldProblem | null): string | undefined =>
    problem === null || (problem === required && !saveAttempted)
      ? undefined
      : t(problem, {
          max: MAX_MONTHS,
          maxKwh: formatDecimal(MAX_MONTHLY_KWH, 0),
        });
  // The Form.Item properties that show a field's problem.
  const statusOf = (problem: FieldProblem | null) => {
    const message = messageOf(problem);

    return message === undefined
      ? {}
      : { validateStatus: "error" as const, help: message };
  };
  const fieldsToFix = [
    { problem: problems.party, label: t("offerForm.party") },
    { problem: problems.points, label: t("offerForm.points") },
    { problem: problems.firstMonth, label: t("offerForm.firstMonth") },
    { problem: problems.monthCount, label: t("offerForm.monthCount") },
    ...kwhFields.map((field) => ({
      problem: kwhProblems[field] ?? null,
      label: kwhLabel(field),
    })),
    { problem: problems.validUntil, label: t("offers.validUntil") },
    ...alternatives.flatMap((alternative, index) => {
      const title = t("offerForm.alternativeTitle", { number: index + 1 });

      return [
        {
          problem: problems.labels[index] ?? null,
          label: `${title}: ${t("offerForm.label")}`,
        },
        {
          problem: problems.values[index] ?? null,
          label: `${title}: ${t(`offerForm.parameters.${alternative.kind}`)}`,
        },
      ];
    }),
  ]
    .filter((field) => field.problem !== null)
    .map((field) => field.label);

  const save = async () => {
    setSaveAttempted(true);
    setSaveError(null);
    // The fields show what is wrong, and the message under the save button
    // names them while saveAttempted is set.
    if (fieldsToFix.length > 0 || !partyId || months.length === 0) {
      return;
    }
    const parsed = alternatives.map((alternative) => ({
      label: alternative.label.trim(),
      kind: alternative.kind,
      parameters: parametersOf(alternative),
    }));
    const consumption =
      mode === "points"
        ? { metering_point_ids: pointIds, months }
        : { ...estimateTariff, months };
    setSaving(true);
    const result = await supabase.rpc("create_offer", {
      p_input: {
        party_id: partyId,
        valid_until: validUntil,
        consumption,
        alternatives: parsed,
      },
    });
    setSaving(false);
    if (result.error) {
      setSaveError(
        describeFailure(
          (message) => t("common.saveFailed", { message }),
          result.error,
          "create offer",
        ),
      );

      return;
    }
    const created = result.data as { offer_id: string };
    navigate(`/offers/${created.offer_id}`);
  };

  // Alternatives that break a rule whose consequence is "rejected":
  // submit_offer rejects them, so the offer is not saved with them.
  const blocked = alternatives.filter((_, index) => {
    const result = results[index];

    return result?.error === undefined && result?.rules.is_allowed === false;
  });

  return (
    <Card title={t("offerForm.title")}>
      <LoadState loaded={parties}>
        {(partyRows) => (
          // A div rather than a form element, so Enter in a field or picker
          // only confirms that field and only the save button saves.
          <Form layout="vertical" component="div">
            <Form.Item
              label={t("offerForm.party")}
              htmlFor="offer-party"
              {...statusOf(problems.party)}
            >
              <Select
                id="offer-party"
                showSearch
                filterOption={filterOptionByTurkishLabel}
                value={partyId}
                onChange={(value) => {
                  setPartyId(value);
                  setPointIds([]);
                }}
                options={partyRows.map((row) => ({
                  value: row.id,
                  label: row.name,
                }))}
              />
            </Form.Item>
            <Form.Item label={t("offerForm.consumptionSource")}>
              <Radio.Group
                name="consumption-source"
                value={mode}
                onChange={(event) => setMode(event.target.value)}
                options={[
                  { value: "points", label: t("offerForm.points") },
                  { value: "estimate", label: t("offerForm.estimate") },
                ]}
              />
            </Form.Item>
            {mode === "points" ? (
              <Form.Item
                label={t("offerForm.points")}
                {...statusOf(problems.points)}
              >
                <MeteringPointChoice
                  points={points.data ?? []}
                  references={references.data ?? null}
                  value={pointIds}
                  onChange={setPointIds}
                />
              </Form.Item>
            ) : (
              <Space wrap>
                {(
                  [
                    "distribution_region_code",
                    "subscriber_group_code",
                    "voltage_level_code",
                  ] as const
                ).map((field) => (
                  <Form.Item
                    key={field}
                    label={t(`offerForm.${field}`)}
                    htmlFor={`estimate-${field}`}
                  >
                    <Select
                      id={`estimate-${field}`}
                      style={{ width: 220 }}
                      showSearch
                      filterOption={filterOptionByTurkishLabel}
                      loading={references.loading}
                      value={estimateTariff[field]}
                      onChange={(value: string) =>
                        setEstimateTariff({
                          ...estimateTariff,
                          [field]: value,
                        })
                      }
                      options={tariffOptions[field]}
                    />
                  </Form.Item>
                ))}
                <Form.Item
                  label={t("offerForm.tariffType")}
                  htmlFor="estimate-tariff-type"
                >
                  <Select
                    id="estimate-tariff-type"
                    style={{ width: 160 }}
                    value={estimateTariff.tariff_type}
                    onChange={(value) =>
                      setEstimateTariff({
                        ...estimateTariff,
                        tariff_type: value,
                      })
                    }
                    options={[
                      {
                        value: "three_time",
                        label: t("meteringPoint.three_time"),
                      },
                      {
                        value: "single_time",
                        label: t("meteringPoint.single_time"),
                      },
                    ]}
                  />
                </Form.Item>
              </Space>
            )}
            <Space wrap align="start">
              <Form.Item
                label={t("offerForm.firstMonth")}
                htmlFor="first-month"
                {...statusOf(problems.firstMonth)}
              >
                <IsoPicker
                  id="first-month"
                  kind="month"
                  value={firstMonth}
                  onChange={(value) => setFirstMonth(value ?? "")}
                />
              </Form.Item>
              <Form.Item
                label={t("offerForm.monthCount")}
                htmlFor="month-count"
                // A fixed width wraps a long message below the field rather
                // than widening the field.
                style={{ width: 200 }}
                {...statusOf(problems.monthCount)}
              >
                <Input
                  id="month-count"
                  inputMode="numeric"
                  aria-invalid={messageOf(problems.monthCount) !== undefined}
                  value={monthCountText}
                  onChange={(event) => setMonthCountText(event.target.value)}
                />
              </Form.Item>
              {kwhFields.map((field) => (
                <Form.Item
                  key={field}
                  label={kwhLabel(field)}
                  htmlFor={`consumption-${field}`}
                  // A fixed width wraps the range message below the field.
                  style={{ width: 200 }}
                  {...statusOf(kwhProblems[field] ?? null)}
                >
                  <Input
                    id={`consumption-${field}`}
                    inputMode="decimal"
                    aria-invalid={
                      messageOf(kwhProblems[field] ?? null) !== undefined
                    }
                    value={kwhText[field]}
                    onChange={(event) =>
                      field === "kwh"
                        ? setMonthlyKwh(event.target.value)
                        : setZoneKwh({
                            ...zoneKwh,
                            [field]: event.target.value,
                          })
                    }
                  />
                </Form.Item>
              ))}
              <Form.Item
                label={t("offers.validUntil")}
                htmlFor="valid-until"
                {...statusOf(problems.validUntil)}
              >
                <IsoPicker
                  id="valid-until"
                  kind="date"
                  min={istanbulDateAfter(0)}
                  value={validUntil}
                  onChange={(value) => setValidUntil(value ?? "")}
                />
              </Form.Item>
            </Space>
            {alternatives.map((alternative, index) => (
              <AlternativeEditor
                // Alternatives are edited in place and only the last is
                // removed, so the position is a stable key.
                key={index}
                index={index}
                alternative={alternative}
                result={results[index]}
                labelMessage={messageOf(problems.labels[index] ?? null)}
                valueMessage={messageOf(problems.values[index] ?? null)}
                onChange={(change) => updateAlternative(index, change)}
              />
            ))}
            <DemoPricesMark
              results={results.map((result) =>
                result?.error === undefined ? result?.pricing : undefined,
              )}
            />
            {blocked.length > 0 && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                message={t("salesMarks.blocked", {
                  alternatives: blocked
                    .map(
                      (alternative) =>
                        alternative.label.trim() ||
                        t("offerForm.alternativeTitle", {
                          number: alternatives.indexOf(alternative) + 1,
                        }),
                    )
                    .join(", "),
                })}
              />
            )}
            <Space wrap>
              <Button
                disabled={alternatives.length >= 5}
                onClick={() =>
                  setAlternatives([
                    ...alternatives,
                    { label: "", kind: "fixed_price", value: "" },
                  ])
                }
              >
                {t("offerForm.addAlternative")}
              </Button>
              <Button
                disabled={alternatives.length <= 1}
                onClick={() => setAlternatives(alternatives.slice(0, -1))}
              >
                {t("offerForm.removeAlternative")}
              </Button>
              <Button
                type="primary"
                loading={saving}
                onClick={save}
                disabled={blocked.length > 0}
              >
                {t("offerForm.save")}
              </Button>
            </Space>
            {saveAttempted && fieldsToFix.length > 0 && (
              <Alert
                type="error"
                message={t("offerFormInput.fieldsToFix", {
                  fields: fieldsToFix.join(", "),
                })}
                style={{ marginTop: 12 }}
              />
            )}
            {saveError && (
              <ErrorAlert error={saveError} style={{ marginTop: 12 }} />
            )}
          </Form>
        )}
      </LoadState>
    </Card>
  );
}

function AlternativeEditor({
  index,
  alternative,
  result,
  labelMessage,
  valueMessage,
  onChange,
}: {
  index: number;
  alternative: AlternativeInput;
  result: AlternativeResult | undefined;
  /** The problem shown at the label field, if any. */
  labelMessage: string | undefined;
  /** The problem shown at the value field, if any. */
  valueMessage: string | undefined;
  onChange: (change: Partial<AlternativeInput>) => void;
}) {
  const { t } = useTranslation();
  const number = index + 1;

  return (
    <Card
      size="small"
      title={t("offerForm.alternativeTitle", { number })}
      style={{ marginBottom: 12 }}
      role="group"
      aria-label={t("offerForm.alternativeTitle", { number })}
    >
      <Space wrap>
        <Form.Item
          label={t("offerForm.label")}
          htmlFor={`alternative-${number}-label`}
          validateStatus={labelMessage === undefined ? undefined : "error"}
          help={labelMessage}
        >
          <Input
            id={`alternative-${number}-label`}
            aria-invalid={labelMessage !== undefined}
            value={alternative.label}
            onChange={(event) => onChange({ label: event.target.value })}
          />
        </Form.Item>
        <Form.Item label={t("offerForm.kind")}>
          <Radio.Group
            name={`alternative-${number}-kind`}
            value={alternative.kind}
            onChange={(event) => onChange({ kind: event.target.value })}
            options={(["discount", "fixed_price", "ptf_indexed"] as const).map(
              (kind) => ({ value: kind, label: t(`offerForm.kinds.${kind}`) }),
            )}
          />
        </Form.Item>
        <Form.Item
          label={t(`offerForm.parameters.${alternative.kind}`)}
          htmlFor={`alternative-${number}-value`}
          validateStatus={valueMessage === undefined ? undefined : "error"}
          help={valueMessage}
        >
          <Input
            id={`alternative-${number}-value`}
            inputMode="decimal"
            aria-invalid={valueMessage !== undefined}
            value={alternative.value}
            onChange={(event) => onChange({ value: event.target.value })}
          />
        </Form.Item>
      </Space>
      <AlternativeResultView result={result} />
    </Card>
  );
}

function AlternativeResultView({
  result,
}: {
  result: AlternativeResult | undefined;
}) {
  const { t, i18n } = useTranslation();
  if (!result) {
    return null;
  }
  if (result.error !== undefined) {
    return <ErrorAlert type="warning" error={result.error} />;
  }
  const { pricing, rules } = result;
  let status = <Tag color="green">{t("offers.withinRules")}</Tag>;
  if (!rules.is_allowed) {
    status = <Tag color="red">{t("offerForm.rejectedByRules")}</Tag>;
  } else if (rules.requires_approval) {
    status = <Tag color="orange">{t("offers.needsApproval")}</Tag>;
  }

  return (
    <Space direction="vertical" style={{ width: "100%" }}>
      <Space wrap>
        {status}
        <span>
          {t("offers.regulatedBill")}:{" "}
          {formatTry(String(pricing.totals.regulated_total_try))}
        </span>
        <span>
          {t("offers.bill")}:{" "}
          {formatTry(String(pricing.totals.offer_total_try))}
        </span>
        <span>
          {t("offers.savings")}: {formatTry(String(pricing.totals.savings_try))}
        </span>
      </Space>
      <BrokenRules rules={rules.broken_rules} />
      <Table<PricedMonth>
        size="small"
        rowKey="month"
        pagination={false}
        scroll={{ x: "max-content" }}
        dataSource={pricing.months}
        columns={[
          {
            title: t("offerForm.month"),
            dataIndex: "month",
            render: (month: string) => monthLabel(month, i18n.language),
          },
          {
            title: t("offers.regulatedBill"),
            key: "regulated",
            align: "right",
            render: (_, month) =>
              formatTry(String(month.regulated_bill.total_try)),
          },
          {
            title: t("offers.bill"),
            key: "offer",
            align: "right",
            render: (_, month) => formatTry(String(month.offer_bill.total_try)),
          },
          {
            title: t("offers.savings"),
            dataIndex: "savings_try",
            align: "right",
            render: (value: number) => formatTry(String(value)),
          },
        ]}
      />
    </Space>
  );
}
