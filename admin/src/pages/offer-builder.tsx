// The offer builder: a party, its metering points or an estimated
// consumption by time zone, and alternatives priced live by the pricing
// engine (rpc price_offer and check_offer_rules, one call per alternative
// after the inputs rest for PRICING_DELAY_MS). Saving calls create_offer and
// then submit_offer.
import { useGetIdentity, useGetLocale, useTranslate } from "@refinedev/core";
import {
  Alert,
  Button,
  Card,
  Col,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from "antd";
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";
import dayjs from "dayjs";
import { useEffect, useMemo, useState } from "react";
import { Bar } from "react-chartjs-2";
import { useNavigate, useSearchParams } from "react-router";
import { MAX_MONTHLY_KWH } from "../../../shared/consumption-limits.ts";
import {
  compareDecimals,
  formatDecimal,
  formatTry,
} from "../../../shared/money.ts";
import { monthLabel } from "../../../shared/months.ts";
import { formatRuleValue } from "../../../shared/price-rules.ts";
import { filterOptionByTurkishLabel } from "../../../shared/turkish.ts";
import { ErrorDescription } from "../errors/error-description.tsx";
import { decimalString, formatDate, TIME_ZONE } from "../format/values.ts";
import {
  DateInput,
  DecimalInput,
  type InvalidNumber,
  isInvalidNumber,
} from "../resources/generic/inputs.tsx";
import { supabase } from "../supabase.ts";
import { loadErrorText } from "../use-rpc.ts";
import { DemoPricesMark } from "./demo-prices-mark.tsx";
import { PartyPicker } from "./party-picker.tsx";

ChartJS.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const PRICING_DELAY_MS = 600;

type AlternativeKind = "discount" | "fixed_price" | "ptf_margin" | "ptf_coef";

// One alternative as edited: `value` is a decimal string, the text of an
// invalid number, or null while empty.
type Alternative = {
  key: number;
  label: string;
  kind: AlternativeKind;
  value: string | InvalidNumber | null;
};

// One consumption cell as edited: a decimal string, the text of an invalid
// number, or null while empty.
type Cell = string | InvalidNumber | null;

type Zone = "t1" | "t2" | "t3";

// The cells of a month: T1, T2 and T3 for a three-time tariff, the month's
// total for a single-time one. Both are kept, so switching the tariff type
// loses nothing typed.
type CellKey = Zone | "kwh";

type MonthRow = {
  month: string;
  t1: Cell;
  t2: Cell;
  t3: Cell;
  kwh: Cell;
};

const ZONES: readonly Zone[] = ["t1", "t2", "t3"];
const SINGLE_TIME_CELLS: readonly CellKey[] = ["kwh"];

// Returns the cells of the consumption table under a tariff type. Until the
// type is chosen, the table shows the three time zones.
function cellKeysOf(tariffType: string | null): readonly CellKey[] {
  return tariffType === "single_time" ? SINGLE_TIME_CELLS : ZONES;
}

function cellTitle(key: CellKey): string {
  return key === "kwh" ? "kWh" : key.toUpperCase();
}

type MeteringPoint = {
  id: string;
  code: string;
  distribution_region_code: string;
  subscriber_group_code: string;
  voltage_level_code: string;
  tariff_type: string;
};

type MonthResult = {
  month: string;
  consumption_kwh: number;
  regulated_bill: { total_try: number };
  offer_bill: { total_try: number };
  savings_try: number;
  supply_cost: { total_try: number };
  gross_profit_try: number;
  margin_pct: number | null;
  demo_figures?: string[];
};

export type PricingResult = {
  months: MonthResult[];
  totals: {
    consumption_kwh: number;
    regulated_total_try: number;
    offer_total_try: number;
    savings_try: number;
    supply_cost_try: number;
    gross_profit_try: number;
    margin_pct: number | null;
    break_even_discount_pct: number | null;
  };
  cash_flow: { date: string; item: string; amount_try: number }[] | null;
  uses_demo_prices?: boolean;
  demo_figures?: string[];
};

type BrokenRule = {
  price_rule_id: number;
  rule_kind: string;
  limit_value: number;
  actual_value: number;
  consequence: string;
};

type RuleCheck = {
  broken_rules: BrokenRule[];
  is_allowed: boolean;
  requires_approval: boolean;
};

type AlternativeOutcome = {
  result: PricingResult | null;
  rules: RuleCheck | null;
  error: string | null;
};

const ALTERNATIVE_KINDS: readonly AlternativeKind[] = [
  "discount",
  "fixed_price",
  "ptf_margin",
  "ptf_coef",
];

// Keys of the cash flow items price_offer names in English.
const CASH_ITEM_KEYS: Record<string, string> = {
  "customer payment": "customer_payment",
  "market settlement (energy, YEKDEM, imbalance)": "market_settlement",
  "distribution charge to the distribution company": "distribution",
  "BTV and KDV to the tax office": "taxes",
};

const COLOURS = ["#1677ff", "#52c41a", "#fa8c16", "#722ed1"];

const KIND_PARAMETER: Record<
  AlternativeKind,
  { kind: string; parameter: string; suffix: string }
> = {
  discount: { kind: "discount", parameter: "discount_pct", suffix: "%" },
  fixed_price: {
    kind: "fixed_price",
    parameter: "unit_price_try_per_kwh",
    suffix: "TL/kWh",
  },
  ptf_margin: {
    kind: "ptf_indexed",
    parameter: "margin_try_per_mwh",
    suffix: "TL/MWh",
  },
  ptf_coef: { kind: "ptf_indexed", parameter: "coefficient", suffix: "×" },
};

// The tariff of an estimate without metering points. Region and subscriber
// group start from the party's own when it has them, and are otherwise
// chosen in the builder. Nothing is priced while a field is missing.
type Tariff = {
  distribution_region_code: string | null;
  subscriber_group_code: string | null;
  voltage_level_code: string | null;
  tariff_type: "single_time" | "three_time" | null;
};

const TARIFF_FIELDS = [
  "distribution_region_code",
  "subscriber_group_code",
  "voltage_level_code",
  "tariff_type",
] as const;

type ReferenceOption = { code: string; name_tr: string; name_en: string };

// The maximum number of months in an offer period. Annual offers (12
// months) are the usual case, so it is also the default.
const MAX_MONTHS = 12;

// Formats a JSON number from PostgREST as TL, or a dash when missing.
export function money(value: unknown): string {
  const decimal = decimalString(value);

  return decimal === null ? "–" : formatTry(decimal);
}

function percent(value: unknown): string {
  const decimal = decimalString(value);

  if (decimal === null) {
    return "–";
  }
  const text = formatDecimal(decimal.replace("-", ""), 2);

  return decimal.startsWith("-") ? `-%${text}` : `%${text}`;
}

// Returns the rows of `count` months from `first` ("YYYY-MM"). A month that
// stays in the period keeps the cells already typed.
export function periodMonths(
  first: string,
  count: number,
  previous: MonthRow[] = [],
): MonthRow[] {
  const start = dayjs(`${first}-01`);

  return Array.from({ length: count }, (_, index) => {
    const month = start.add(index, "month").format("YYYY-MM");

    return (
      previous.find((row) => row.month === month) ?? {
        month,
        t1: null,
        t2: null,
        t3: null,
        kwh: null,
      }
    );
  });
}

// Message key of a consumption cell's problem.
type CellProblem =
  | "offer_builder.required"
  | "offer_builder.invalid_number"
  | "offer_builder_period.negative_kwh"
  | "offer_builder_period.kwh_too_large";

// Returns the problem of a cell, or null when it contains a kWh figure from
// zero to MAX_MONTHLY_KWH.
function cellProblem(cell: Cell): CellProblem | null {
  if (cell === null) {
    return "offer_builder.required";
  }
  if (isInvalidNumber(cell)) {
    return "offer_builder.invalid_number";
  }
  if (compareDecimals(cell, "0") < 0) {
    return "offer_builder_period.negative_kwh";
  }

  return compareDecimals(cell, MAX_MONTHLY_KWH) > 0
    ? "offer_builder_period.kwh_too_large"
    : null;
}

// Returns the months an offer period can start in: this month and the
// next 24.
function startMonthOptions(): string[] {
  return Array.from({ length: 25 }, (_, index) =>
    dayjs().add(index, "month").format("YYYY-MM"),
  );
}

function nextMonth(): string {
  return dayjs().add(1, "month").format("YYYY-MM");
}

// Today in Istanbul as "YYYY-MM-DD": create_offer rejects a validity date
// before it.
function todayInIstanbul(): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE }).format(
    new Date(),
  );
}

// A key that is equal for metering points of one tariff.
function tariffKey(tariff: Tariff | MeteringPoint): string {
  return TARIFF_FIELDS.map((field) => tariff[field] ?? "").join("|");
}

// The alternative in create_offer's shape, or null while its value is
// missing or not a number.
function alternativeInput(alternative: Alternative) {
  if (alternative.value === null || typeof alternative.value !== "string") {
    return null;
  }
  const shape = KIND_PARAMETER[alternative.kind];

  return {
    label: alternative.label,
    kind: shape.kind,
    parameters: { [shape.parameter]: Number(alternative.value) },
  };
}

export function OfferBuilderPage() {
  const translate = useTranslate();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const { data: identity } = useGetIdentity<{ id: string }>();
  const [partyId, setPartyId] = useState<string | null>(
    searchParams.get("party_id"),
  );
  const [points, setPoints] = useState<MeteringPoint[]>([]);
  const [pointIds, setPointIds] = useState<string[]>([]);
  const locale = useGetLocale()() ?? "tr";
  const [firstMonth, setFirstMonth] = useState(nextMonth);
  const [monthCount, setMonthCount] = useState(MAX_MONTHS);
  const [months, setMonths] = useState<MonthRow[]>(() =>
    periodMonths(nextMonth(), MAX_MONTHS),
  );
  const [estimateTariff, setEstimateTariff] = useState<Tariff>({
    distribution_region_code: null,
    subscriber_group_code: null,
    voltage_level_code: "AG",
    tariff_type: "three_time",
  });
  const [regions, setRegions] = useState<{ code: string; name: string }[]>([]);
  const [groups, setGroups] = useState<ReferenceOption[]>([]);
  const [voltages, setVoltages] = useState<ReferenceOption[]>([]);
  const [validUntil, setValidUntil] = useState<string | null>(
    dayjs().add(30, "day").format("YYYY-MM-DD"),
  );
  const [dealerId, setDealerId] = useState<string | null>(null);
  const [dealers, setDealers] = useState<{ id: string; name: string }[]>([]);
  const [alternatives, setAlternatives] = useState<Alternative[]>([
    {
      key: 1,
      label: translate("offer_builder.alternative", { number: 1 }),
      kind: "discount",
      value: null,
    },
  ]);
  const [outcomes, setOutcomes] = useState<Record<number, AlternativeOutcome>>(
    {},
  );
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);

  useEffect(() => {
    supabase
      .from("dealers")
      .select("id, name")
      .order("name")
      .then(({ data }) => setDealers(data ?? []));
    supabase
      .from("distribution_regions")
      .select("code, name")
      .order("name")
      .then(({ data }) => setRegions(data ?? []));
    supabase
      .from("subscriber_groups")
      .select("code, name_tr, name_en")
      .order("sort_order")
      .then(({ data }) => setGroups(data ?? []));
    supabase
      .from("voltage_levels")
      .select("code, name_tr, name_en")
      .order("code")
      .then(({ data }) => setVoltages(data ?? []));
  }, []);

  // The estimate's region and subscriber group start from the party's.
  useEffect(() => {
    if (!partyId) {
      return;
    }
    supabase
      .from("parties")
      .select("distribution_region_code, subscriber_group_code")
      .eq("id", partyId)
      .maybeSingle()
      .then(({ data }) =>
        setEstimateTariff((previous) => ({
          ...previous,
          distribution_region_code: data?.distribution_region_code ?? null,
          subscriber_group_code: data?.subscriber_group_code ?? null,
        })),
      );
  }, [partyId]);

  useEffect(() => {
    setPointIds([]);
    if (!partyId) {
      setPoints([]);

      return;
    }
    supabase
      .from("metering_points")
      .select(
        "id, code, distribution_region_code, subscriber_group_code, voltage_level_code, tariff_type",
      )
      .eq("party_id", partyId)
      .then(({ data }) => setPoints((data as MeteringPoint[]) ?? []));
  }, [partyId]);

  // The tariff comes from the chosen metering points, which create_offer
  // requires to share one; an estimate without points uses the tariff
  // chosen in the builder. The select disables points of another tariff
  // (see pointOptions), and mixedTariffs still keeps a mixed selection
  // from being saved.
  const chosenPoints = points.filter((point) => pointIds.includes(point.id));
  const chosenPoint = chosenPoints[0];
  const mixedTariffs =
    new Set(chosenPoints.map((point) => tariffKey(point))).size > 1;
  const tariff: Tariff = useMemo(
    () =>
      chosenPoint
        ? {
            distribution_region_code: chosenPoint.distribution_region_code,
            subscriber_group_code: chosenPoint.subscriber_group_code,
            voltage_level_code: chosenPoint.voltage_level_code,
            tariff_type: chosenPoint.tariff_type as Tariff["tariff_type"],
          }
        : estimateTariff,
    [chosenPoint, estimateTariff],
  );
  const tariffComplete = TARIFF_FIELDS.every((field) => tariff[field] !== null);
  const referenceName = (options: ReferenceOption[], code: string | null) => {
    const found = options.find((option) => option.code === code);
    if (!found) {
      return code ?? "–";
    }

    return locale === "en" ? found.name_en : found.name_tr;
  };
  const describeTariff = (described: Tariff | MeteringPoint) =>
    [
      regions.find(
        (region) => region.code === described.distribution_region_code,
      )?.name ??
        described.distribution_region_code ??
        "–",
      referenceName(groups, described.subscriber_group_code),
      referenceName(voltages, described.voltage_level_code),
      described.tariff_type
        ? translate(
            `offer_builder_period.tariff_types.${described.tariff_type}`,
          )
        : "–",
    ].join(" / ");
  const tariffText = describeTariff(tariff);
  // Each point is listed with its tariff. Once a point is chosen, points of
  // another tariff are disabled, because create_offer accepts only points
  // of one tariff.
  const pointOptions = points.map((point) => ({
    value: point.id,
    label: `${point.code} · ${describeTariff(point)}`,
    code: point.code,
    disabled:
      chosenPoint !== undefined && tariffKey(point) !== tariffKey(chosenPoint),
  }));
  const otherTariffCodes = pointOptions
    .filter((option) => option.disabled)
    .map((option) => option.code);

  const cellKeys = cellKeysOf(tariff.tariff_type);
  const monthsComplete =
    tariffComplete &&
    months.every((row) => cellKeys.every((key) => !cellProblem(row[key])));
  // Empty cells are marked only once some cell contains a value, so a fresh
  // table is not all red.
  const tableStarted = months.some((row) =>
    cellKeys.some((key) => row[key] !== null),
  );
  const wrongCells = months.flatMap((row) =>
    cellKeys
      .filter((key) => cellProblem(row[key]) !== null)
      .map((key) => `${monthLabel(row.month, locale)} ${cellTitle(key)}`),
  );
  // A single-time tariff is priced on the month's total.
  const monthlyKwh = months.map((row) =>
    tariff.tariff_type === "single_time"
      ? { month: row.month, kwh: Number(row.kwh) }
      : {
          month: row.month,
          t1_kwh: Number(row.t1),
          t2_kwh: Number(row.t2),
          t3_kwh: Number(row.t3),
        },
  );
  const pricingKey = JSON.stringify({ tariff, monthlyKwh, alternatives });

  useEffect(() => {
    if (!monthsComplete) {
      setOutcomes({});

      return;
    }
    let current = true;
    const timer = setTimeout(async () => {
      const next: Record<number, AlternativeOutcome> = {};
      for (const alternative of alternatives) {
        const input = alternativeInput(alternative);
        if (!input) {
          continue;
        }
        const pricingInput = {
          ...tariff,
          consumption: { monthly: monthlyKwh },
          offer: { kind: input.kind, ...input.parameters },
        };
        const [priced, checked] = await Promise.all([
          supabase.rpc("price_offer", { p_input: pricingInput }),
          supabase.rpc("check_offer_rules", { p_input: pricingInput }),
        ]);
        next[alternative.key] = {
          result: (priced.data as PricingResult) ?? null,
          rules: (checked.data as RuleCheck) ?? null,
          error:
            priced.error || checked.error
              ? loadErrorText(priced.error ?? checked.error, "price_offer")
              : null,
        };
      }
      if (current) {
        setOutcomes(next);
      }
    }, PRICING_DELAY_MS);

    return () => {
      current = false;
      clearTimeout(timer);
    };
    // pricingKey changes whenever an input of the pricing calls changes.
  }, [pricingKey, monthsComplete]);

  function updateMonth(index: number, key: CellKey, value: Cell) {
    setMonths((rows) =>
      rows.map((row, position) =>
        position === index ? { ...row, [key]: value } : row,
      ),
    );
  }

  function tariffOptions(field: (typeof TARIFF_FIELDS)[number]) {
    const named = (options: ReferenceOption[]) =>
      options.map((option) => ({
        value: option.code,
        label: locale === "en" ? option.name_en : option.name_tr,
      }));
    switch (field) {
      case "distribution_region_code":
        return regions.map((region) => ({
          value: region.code,
          label: region.name,
        }));
      case "subscriber_group_code":
        return named(groups);
      case "voltage_level_code":
        return named(voltages);
      default:
        return (["three_time", "single_time"] as const).map((type) => ({
          value: type,
          label: translate(`offer_builder_period.tariff_types.${type}`),
        }));
    }
  }

  function changePeriod(first: string, count: number) {
    setFirstMonth(first);
    setMonthCount(count);
    setMonths((rows) => periodMonths(first, count, rows));
  }

  function updateAlternative(key: number, change: Partial<Alternative>) {
    setAlternatives((rows) =>
      rows.map((row) => (row.key === key ? { ...row, ...change } : row)),
    );
  }

  async function save() {
    setSaving(true);
    setSaveError(null);
    const consumption = {
      ...(pointIds.length > 0
        ? { metering_point_ids: pointIds }
        : estimateTariff),
      months: months.map((row) =>
        tariff.tariff_type === "single_time"
          ? { month: row.month, kwh: Number(row.kwh) }
          : {
              month: row.month,
              T1: Number(row.t1),
              T2: Number(row.t2),
              T3: Number(row.t3),
            },
      ),
    };
    const created = await supabase.rpc("create_offer", {
      p_input: {
        party_id: partyId,
        dealer_id: dealerId,
        valid_until: validUntil,
        consumption,
        alternatives: alternatives.map(alternativeInput),
      },
    });
    if (created.error) {
      setSaveError(loadErrorText(created.error, "create_offer"));
      setSaving(false);

      return;
    }
    const offerId = (created.data as { offer_id: string }).offer_id;
    const submitted = await supabase.rpc("submit_offer", {
      p_offer_id: offerId,
    });
    setSaving(false);
    if (submitted.error) {
      setSaveError(loadErrorText(submitted.error, "submit_offer"));

      return;
    }
    navigate(`/offers/show/${offerId}`);
  }

  const priced = alternatives.filter(
    (alternative) => outcomes[alternative.key]?.result,
  );
  // Alternatives that break a rule whose consequence is "rejected":
  // submit_offer rejects them, so the offer cannot be saved with them.
  const blocked = alternatives.filter(
    (alternative) => outcomes[alternative.key]?.rules?.is_allowed === false,
  );
  const validUntilPast = validUntil !== null && validUntil < todayInIstanbul();
  const canSave =
    blocked.length === 0 &&
    !saving &&
    identity !== undefined &&
    partyId !== null &&
    validUntil !== null &&
    !validUntilPast &&
    !mixedTariffs &&
    monthsComplete &&
    alternatives.every((alternative) => alternativeInput(alternative));

  return (
    <Space direction="vertical" style={{ width: "100%" }} size="large">
      <Typography.Title level={3}>
        {translate("offer_builder.title")}
      </Typography.Title>
      <Card title={translate("offer_builder.customer")}>
        <Row gutter={16}>
          <Col span={8}>
            <Typography.Text>
              {translate("offer_builder.party")}
            </Typography.Text>
            <PartyPicker
              testId="offer-builder-party"
              label={translate("offer_builder.party")}
              value={partyId}
              onChange={setPartyId}
            />
          </Col>
          <Col span={8}>
            <Typography.Text>
              {translate("offer_builder.metering_points")}
            </Typography.Text>
            <Select
              data-testid="offer-builder-metering-points"
              aria-label={translate("offer_builder.metering_points")}
              mode="multiple"
              showSearch
              filterOption={filterOptionByTurkishLabel}
              optionLabelProp="code"
              popupMatchSelectWidth={false}
              style={{ width: "100%" }}
              value={pointIds}
              onChange={setPointIds}
              options={pointOptions}
            />
            {otherTariffCodes.length > 0 && !mixedTariffs ? (
              <Typography.Text
                type="secondary"
                style={{ fontSize: 12 }}
                data-testid="offer-builder-other-tariff"
              >
                {translate("offer_builder.points_other_tariff", {
                  codes: otherTariffCodes.join(", "),
                })}
              </Typography.Text>
            ) : null}
          </Col>
          <Col span={4}>
            <Typography.Text>
              {translate("offer_builder.valid_until")}
            </Typography.Text>
            <div data-testid="offer-builder-valid-until">
              <DateInput
                aria-label={translate("offer_builder.valid_until")}
                status={validUntilPast ? "error" : undefined}
                value={validUntil}
                onChange={setValidUntil}
              />
            </div>
            {validUntilPast ? (
              <Typography.Text
                type="danger"
                style={{ fontSize: 12 }}
                data-testid="offer-builder-valid-until-past"
              >
                {translate("offer_builder.valid_until_past")}
              </Typography.Text>
            ) : null}
          </Col>
          <Col span={4}>
            <Typography.Text>
              {translate("offer_builder.dealer")}
            </Typography.Text>
            <Select
              data-testid="offer-builder-dealer"
              aria-label={translate("offer_builder.dealer")}
              allowClear
              showSearch
              filterOption={filterOptionByTurkishLabel}
              style={{ width: "100%" }}
              value={dealerId}
              onChange={(value) => setDealerId(value ?? null)}
              options={dealers.map((dealer) => ({
                value: dealer.id,
                label: dealer.name,
              }))}
            />
          </Col>
        </Row>
      </Card>
      <Card
        title={translate(
          tariff.tariff_type === "single_time"
            ? "offer_builder_period.consumption_single_time"
            : "offer_builder.consumption",
        )}
      >
        <Row gutter={16} style={{ marginBottom: 16 }}>
          <Col span={4}>
            <Typography.Text>
              {translate("offer_builder_period.first_month")}
            </Typography.Text>
            <Select
              data-testid="offer-builder-first-month"
              virtual={false}
              aria-label={translate("offer_builder_period.first_month")}
              showSearch
              filterOption={filterOptionByTurkishLabel}
              style={{ width: "100%" }}
              value={firstMonth}
              onChange={(value) => changePeriod(value, monthCount)}
              options={startMonthOptions().map((month) => ({
                value: month,
                label: monthLabel(month, locale),
              }))}
            />
          </Col>
          <Col span={4}>
            <Typography.Text>
              {translate("offer_builder_period.month_count")}
            </Typography.Text>
            <Select
              data-testid="offer-builder-month-count"
              virtual={false}
              aria-label={translate("offer_builder_period.month_count")}
              style={{ width: "100%" }}
              value={monthCount}
              onChange={(value) => changePeriod(firstMonth, value)}
              options={Array.from({ length: MAX_MONTHS }, (_, index) => ({
                value: index + 1,
                label: String(index + 1),
              }))}
            />
          </Col>
        </Row>
        <Row gutter={16} style={{ marginBottom: 16 }}>
          {TARIFF_FIELDS.map((field) => (
            <Col span={6} key={field}>
              <Typography.Text>
                {translate(`offer_builder_period.tariff_fields.${field}`)}
              </Typography.Text>
              <Select
                data-testid={`offer-builder-${field}`}
                aria-label={translate(
                  `offer_builder_period.tariff_fields.${field}`,
                )}
                showSearch
                filterOption={filterOptionByTurkishLabel}
                style={{ width: "100%" }}
                disabled={chosenPoint !== undefined}
                status={
                  tariff[field] === null && partyId !== null
                    ? "error"
                    : undefined
                }
                value={tariff[field]}
                onChange={(value) =>
                  setEstimateTariff((previous) => ({
                    ...previous,
                    [field]: value,
                  }))
                }
                options={tariffOptions(field)}
              />
            </Col>
          ))}
        </Row>
        <Typography.Paragraph data-testid="offer-builder-tariff">
          {translate(
            chosenPoint
              ? "offer_builder_period.tariff_of_points"
              : "offer_builder_period.tariff_of_estimate",
            { tariff: tariffText },
          )}
        </Typography.Paragraph>
        {mixedTariffs ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="offer-builder-points-differ"
            message={translate("offer_builder.points_differ")}
          />
        ) : null}
        {tariffComplete ? null : (
          <Alert
            type="info"
            style={{ marginBottom: 16 }}
            data-testid="offer-builder-tariff-missing"
            message={translate("offer_builder_period.tariff_missing")}
          />
        )}
        <Table
          data-testid="offer-builder-months"
          rowKey="month"
          pagination={false}
          size="small"
          dataSource={months}
          columns={[
            {
              title: translate("offer_builder.month"),
              dataIndex: "month",
              render: (month: string) => (
                <span data-month={month}>{monthLabel(month, locale)}</span>
              ),
            },
            ...cellKeys.map((key) => ({
              title:
                key === "kwh"
                  ? translate("offer_builder_period.month_kwh")
                  : `${cellTitle(key)} (kWh)`,
              key,
              render: (_: unknown, row: MonthRow, index: number) => (
                <ConsumptionCell
                  label={`${monthLabel(row.month, locale)} ${cellTitle(key)}`}
                  cell={row[key]}
                  markEmpty={tableStarted}
                  onChange={(value) => updateMonth(index, key, value)}
                />
              ),
            })),
          ]}
        />
      </Card>
      <Card
        title={translate("offer_builder.alternatives")}
        extra={
          <Button
            data-testid="offer-builder-add-alternative"
            onClick={() =>
              setAlternatives((rows) => [
                ...rows,
                {
                  key: Math.max(0, ...rows.map((row) => row.key)) + 1,
                  label: translate("offer_builder.alternative", {
                    number: rows.length + 1,
                  }),
                  kind: "fixed_price",
                  value: null,
                },
              ])
            }
          >
            {translate("offer_builder.add_alternative")}
          </Button>
        }
      >
        <Space direction="vertical" style={{ width: "100%" }}>
          {alternatives.map((alternative, index) => {
            const outcome = outcomes[alternative.key];
            const shape = KIND_PARAMETER[alternative.kind];

            return (
              <Space
                key={alternative.key}
                direction="vertical"
                style={{ width: "100%" }}
                data-testid={`offer-builder-alternative-${index + 1}`}
              >
                <Space wrap>
                  <Input
                    aria-label={translate("offer_builder.alternative_name", {
                      number: index + 1,
                    })}
                    value={alternative.label}
                    onChange={(event) =>
                      updateAlternative(alternative.key, {
                        label: event.target.value,
                      })
                    }
                  />
                  <Select
                    aria-label={translate("offer_builder.alternative_kind", {
                      number: index + 1,
                    })}
                    style={{ width: 260 }}
                    value={alternative.kind}
                    onChange={(kind) =>
                      updateAlternative(alternative.key, { kind, value: null })
                    }
                    options={ALTERNATIVE_KINDS.map((kind) => ({
                      value: kind,
                      label: translate(`offer_builder.kinds.${kind}`),
                    }))}
                  />
                  <DecimalInput
                    key={alternative.kind}
                    aria-label={translate("offer_builder.alternative_value", {
                      number: index + 1,
                    })}
                    suffix={shape.suffix}
                    aria-invalid={isInvalidNumber(alternative.value)}
                    status={
                      isInvalidNumber(alternative.value) ? "error" : undefined
                    }
                    value={
                      typeof alternative.value === "string"
                        ? alternative.value
                        : null
                    }
                    onChange={(value) =>
                      updateAlternative(alternative.key, { value })
                    }
                  />
                  {isInvalidNumber(alternative.value) ? (
                    <Typography.Text type="danger">
                      {translate("offer_builder.invalid_number")}
                    </Typography.Text>
                  ) : null}
                  {alternatives.length > 1 ? (
                    <Button
                      danger
                      onClick={() =>
                        setAlternatives((rows) =>
                          rows.filter((row) => row.key !== alternative.key),
                        )
                      }
                    >
                      {translate("offer_builder.remove")}
                    </Button>
                  ) : null}
                </Space>
                {outcome?.error ? (
                  <Alert
                    type="error"
                    message={<ErrorDescription message={outcome.error} />}
                  />
                ) : null}
                {outcome?.rules?.broken_rules.map((rule) => (
                  <Alert
                    key={rule.price_rule_id}
                    type={rule.consequence === "rejected" ? "error" : "warning"}
                    data-testid="offer-builder-rule-violation"
                    data-consequence={rule.consequence}
                    message={`${translate(
                      `offer_marks.consequences.${rule.consequence}`,
                      {},
                      rule.consequence,
                    )}: ${translate(
                      `enums.${rule.rule_kind}`,
                      {},
                      rule.rule_kind,
                    )}: ${formatRuleValue(rule.rule_kind, rule.actual_value)} (${translate("offer_builder.limit")} ${formatRuleValue(rule.rule_kind, rule.limit_value)})`}
                  />
                ))}
                {outcome?.result ? (
                  <TotalsTable result={outcome.result} testId={index + 1} />
                ) : null}
              </Space>
            );
          })}
        </Space>
      </Card>
      <DemoPricesMark
        testId="offer-builder-demo-prices"
        results={priced.map((alternative) => outcomes[alternative.key]?.result)}
      />
      {priced.length > 0 ? (
        <Card title={translate("offer_builder.monthly")}>
          <BillsChart
            alternatives={priced.map((alternative) => ({
              label: alternative.label,
              result: outcomes[alternative.key]?.result as PricingResult,
            }))}
          />
          {priced.map((alternative) => (
            <MonthlyTable
              key={alternative.key}
              label={alternative.label}
              result={outcomes[alternative.key]?.result as PricingResult}
            />
          ))}
        </Card>
      ) : null}
      {tableStarted && wrongCells.length > 0 ? (
        <Alert
          type="warning"
          data-testid="offer-builder-wrong-cells"
          message={translate("offer_builder.wrong_cells", {
            cells: wrongCells.join(", "),
          })}
        />
      ) : null}
      {blocked.length > 0 ? (
        <Alert
          type="error"
          showIcon
          data-testid="offer-builder-blocked"
          message={translate("offer_marks.blocked", {
            alternatives: blocked
              .map((alternative) => alternative.label)
              .join(", "),
          })}
        />
      ) : null}
      {saveError ? (
        <Alert
          type="error"
          data-testid="offer-builder-save-error"
          message={<ErrorDescription message={saveError} />}
        />
      ) : null}
      <Button
        type="primary"
        data-testid="offer-builder-save"
        disabled={!canSave}
        loading={saving}
        onClick={save}
      >
        {translate("offer_builder.save")}
      </Button>
    </Space>
  );
}

// A kWh cell of the consumption table, marked invalid with a message when
// its text is not a Turkish number, is negative or above MAX_MONTHLY_KWH,
// or when it is empty and `markEmpty`.
function ConsumptionCell({
  label,
  cell,
  markEmpty,
  onChange,
}: {
  label: string;
  cell: Cell;
  markEmpty: boolean;
  onChange: (value: Cell) => void;
}) {
  const translate = useTranslate();
  const found = cellProblem(cell);
  const problem =
    found === null || (cell === null && !markEmpty)
      ? null
      : translate(found, { maxKwh: formatDecimal(MAX_MONTHLY_KWH, 0) });

  return (
    <>
      <DecimalInput
        aria-label={label}
        aria-invalid={problem !== null}
        status={problem === null ? undefined : "error"}
        value={typeof cell === "string" ? cell : null}
        onChange={onChange}
      />
      {problem === null ? null : (
        <Typography.Text type="danger" style={{ fontSize: 12 }}>
          {problem}
        </Typography.Text>
      )}
    </>
  );
}

export function TotalsTable({
  result,
  testId,
}: {
  result: PricingResult;
  testId: number;
}) {
  const translate = useTranslate();
  const totals = result.totals;
  const figure = (key: string) => translate(`offer_builder.figures.${key}`);
  const rows = [
    [figure("regulated"), money(totals.regulated_total_try)],
    [figure("offer"), money(totals.offer_total_try)],
    [figure("savings"), money(totals.savings_try)],
    [figure("supply_cost"), money(totals.supply_cost_try)],
    [figure("gross_profit"), money(totals.gross_profit_try)],
    [figure("margin"), percent(totals.margin_pct)],
    [figure("break_even"), percent(totals.break_even_discount_pct)],
  ];

  return (
    <Table
      data-testid={`offer-builder-totals-${testId}`}
      size="small"
      pagination={false}
      showHeader={false}
      rowKey={(row) => row[0] as string}
      dataSource={rows}
      columns={[
        { key: "name", render: (_, row) => row[0] },
        { key: "value", align: "right", render: (_, row) => row[1] },
      ]}
    />
  );
}

function MonthlyTable({
  label,
  result,
}: {
  label: string;
  result: PricingResult;
}) {
  const translate = useTranslate();
  const locale = useGetLocale()() ?? "tr";
  const figure = (key: string) => translate(`offer_builder.figures.${key}`);

  return (
    <>
      <Typography.Title level={5}>{label}</Typography.Title>
      <Table
        size="small"
        pagination={false}
        rowKey="month"
        dataSource={result.months}
        columns={[
          {
            title: translate("offer_builder.month"),
            dataIndex: "month",
            render: (month: string) => monthLabel(month, locale),
          },
          {
            title: figure("consumption_kwh"),
            align: "right",
            render: (_, row) => formatDecimal(String(row.consumption_kwh), 0),
          },
          {
            title: figure("regulated"),
            align: "right",
            render: (_, row) => money(row.regulated_bill.total_try),
          },
          {
            title: figure("offer"),
            align: "right",
            render: (_, row) => money(row.offer_bill.total_try),
          },
          {
            title: figure("savings"),
            align: "right",
            render: (_, row) => (
              <Tag color={row.savings_try < 0 ? "red" : "green"}>
                {money(row.savings_try)}
              </Tag>
            ),
          },
          {
            title: figure("supply_cost"),
            align: "right",
            render: (_, row) => money(row.supply_cost.total_try),
          },
          {
            title: figure("gross_profit"),
            align: "right",
            render: (_, row) => money(row.gross_profit_try),
          },
        ]}
      />
      {result.cash_flow ? (
        <Table
          size="small"
          pagination={false}
          rowKey={(row) => `${row.date}-${row.item}`}
          dataSource={result.cash_flow}
          columns={[
            {
              title: figure("date"),
              render: (_, row) => formatDate(row.date),
            },
            {
              title: figure("item"),
              render: (_, row) =>
                CASH_ITEM_KEYS[row.item]
                  ? translate(
                      `offer_builder.cash_items.${CASH_ITEM_KEYS[row.item]}`,
                    )
                  : row.item,
            },
            {
              title: figure("amount"),
              align: "right",
              render: (_, row) => money(row.amount_try),
            },
          ]}
        />
      ) : null}
    </>
  );
}

// Monthly bills side by side, one unstacked bar per bill, and savings on a
// chart of their own: savings can be negative, and chart.js stacks negative
// values downward from zero, so they are never stacked with the bills.
export function BillsChart({
  alternatives,
}: {
  alternatives: { label: string; result: PricingResult }[];
}) {
  const translate = useTranslate();
  const locale = useGetLocale()() ?? "tr";
  const first = alternatives[0]?.result;
  if (!first) {
    return null;
  }
  const labels = first.months.map((month) => monthLabel(month.month, locale));
  const tooltip = {
    callbacks: {
      label: (context: { dataset: { label?: string }; raw: unknown }) =>
        `${context.dataset.label}: ${money(context.raw)}`,
    },
  };
  // Axis ticks in the Turkish format (250.000), as the tooltips.
  const options = {
    plugins: { tooltip },
    scales: {
      y: {
        ticks: {
          callback: (value: string | number) => formatDecimal(String(value), 0),
        },
      },
    },
  };

  return (
    <Row gutter={16} data-testid="offer-builder-chart">
      <Col span={14}>
        <Bar
          data={{
            labels,
            datasets: [
              {
                label: translate("offer_builder.figures.regulated"),
                data: first.months.map(
                  (month) => month.regulated_bill.total_try,
                ),
                backgroundColor: "#bfbfbf",
              },
              ...alternatives.map((alternative, index) => ({
                label: alternative.label,
                data: alternative.result.months.map(
                  (month) => month.offer_bill.total_try,
                ),
                backgroundColor: COLOURS[index % COLOURS.length],
              })),
            ],
          }}
          options={options}
        />
      </Col>
      <Col span={10}>
        <Bar
          data={{
            labels,
            datasets: alternatives.map((alternative, index) => ({
              label: translate("offer_builder.savings_of", {
                label: alternative.label,
              }),
              data: alternative.result.months.map((month) => month.savings_try),
              backgroundColor: COLOURS[index % COLOURS.length],
            })),
          }}
          options={options}
        />
      </Col>
    </Row>
  );
}
