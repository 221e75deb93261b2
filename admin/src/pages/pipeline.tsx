// Offer pipeline: the count, yearly consumption and gross profit of the
// offers in each state, from the offer_pipeline RPC, which sums in SQL with
// the caller's rights. Selecting a state lists its offers from the
// offer_pipeline_offers RPC. The filters live in the URL, so a filtered
// pipeline can be shared as a link.
import { useSelect } from "@refinedev/antd";
import { useTranslate } from "@refinedev/core";
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Select,
  type SelectProps,
  Space,
  Table,
} from "antd";
import dayjs from "dayjs";
import { Link, useSearchParams } from "react-router";
import { formatDecimal, formatTry } from "../../../shared/money.ts";
import { ErrorDescription } from "../errors/error-description.tsx";
import { decimalString, formatDate, formatDateTime } from "../format/values.ts";
import { supabase } from "../supabase.ts";
import { useLoader, useRpc } from "../use-rpc.ts";

export type PipelineTotals = {
  state: string;
  offer_count: number;
  yearly_consumption_mwh: number | string;
  gross_profit_try: number | string;
};

type PipelineEntry = {
  id: string;
  offer_number: string;
  party_id: string;
  created_at: string;
  valid_until: string;
  alternative_basis: "chosen" | "first" | null;
  yearly_consumption_mwh: number | string | null;
  gross_profit_try: number | string | null;
};

type PeriodKind = "created" | "valid_until";

type PipelineFilters = {
  periodKind: PeriodKind;
  // First day of the month, "2026-03-01", or null for every month.
  month: string | null;
  ownerStaffId: string | null;
  ownerDealerId: string | null;
};

// The offers of one state listed at most; the totals always cover them all.
const ENTRY_LIMIT = 200;

const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

const OFFER_STATES = [
  "draft",
  "awaiting_approval",
  "approved",
  "sent",
  "accepted",
  "rejected",
  "expired",
  "contracted",
];

function readFilters(params: URLSearchParams): PipelineFilters {
  const month = params.get("month") ?? "";

  return {
    periodKind:
      params.get("period") === "valid_until" ? "valid_until" : "created",
    month: MONTH_PATTERN.test(month) ? `${month}-01` : null,
    ownerStaffId: params.get("staff"),
    ownerDealerId: params.get("dealer"),
  };
}

function mwhText(value: unknown): string {
  const decimal = decimalString(value);

  return decimal === null ? "" : `${formatDecimal(decimal, 3)} MWh`;
}

function tryText(value: unknown): string {
  const decimal = decimalString(value);

  return decimal === null ? "" : formatTry(decimal);
}

async function fetchEntries(
  state: string,
  filters: PipelineFilters,
): Promise<{ entries: PipelineEntry[]; partyNames: Map<string, string> }> {
  const { data, error } = await supabase
    .rpc("offer_pipeline_offers", {
      p_state: state,
      p_created_month: filters.periodKind === "created" ? filters.month : null,
      p_valid_until_month:
        filters.periodKind === "valid_until" ? filters.month : null,
      p_owner_staff_id: filters.ownerStaffId,
      p_owner_dealer_id: filters.ownerDealerId,
    })
    .limit(ENTRY_LIMIT);
  if (error) {
    throw new Error(error.message);
  }
  const entries = (data ?? []) as unknown as PipelineEntry[];

  const partyIds = [...new Set(entries.map((entry) => entry.party_id))];
  const partyNames = new Map<string, string>();
  if (partyIds.length > 0) {
    const parties = await supabase
      .from("parties")
      .select("id,name")
      .in("id", partyIds);
    if (parties.error) {
      throw new Error(parties.error.message);
    }
    for (const party of parties.data ?? []) {
      partyNames.set(party.id as string, party.name as string);
    }
  }

  return { entries, partyNames };
}

function StateOffers({
  state,
  filters,
}: {
  state: string;
  filters: PipelineFilters;
}) {
  const translate = useTranslate();
  const loaded = useLoader(
    () => fetchEntries(state, filters),
    [state, filters],
  );
  const title = translate("pipeline.offersOf", {
    state: translate(`enums.${state}`),
  });

  if (loaded.error) {
    return (
      <Alert
        type="error"
        showIcon
        message={translate("pipeline.loadError")}
        description={<ErrorDescription message={loaded.error} />}
      />
    );
  }

  return (
    <Card title={title} style={{ marginTop: 16 }}>
      <Table<PipelineEntry>
        size="small"
        rowKey="id"
        loading={loaded.loading}
        dataSource={loaded.data?.entries ?? []}
        pagination={false}
        columns={[
          {
            key: "offer_number",
            title: translate("pipeline.offer"),
            render: (_, entry) => (
              <Link to={`/offers/show/${entry.id}`}>{entry.offer_number}</Link>
            ),
          },
          {
            key: "party",
            title: translate("pipeline.party"),
            render: (_, entry) =>
              loaded.data?.partyNames.get(entry.party_id) ?? "",
          },
          {
            key: "created_at",
            title: translate("pipeline.createdOn"),
            render: (_, entry) => formatDateTime(entry.created_at).slice(0, 10),
          },
          {
            key: "valid_until",
            title: translate("pipeline.validUntil"),
            render: (_, entry) => formatDate(entry.valid_until),
          },
          {
            key: "mwh",
            title: translate("pipeline.yearlyConsumption"),
            align: "right",
            render: (_, entry) => mwhText(entry.yearly_consumption_mwh),
          },
          {
            key: "profit",
            title: translate("pipeline.grossProfit"),
            align: "right",
            render: (_, entry) => tryText(entry.gross_profit_try),
          },
          {
            key: "basis",
            title: translate("pipeline.basis"),
            render: (_, entry) =>
              entry.alternative_basis
                ? translate(`pipeline.bases.${entry.alternative_basis}`)
                : translate("pipeline.bases.none"),
          },
        ]}
      />
    </Card>
  );
}

export function PipelinePage() {
  const translate = useTranslate();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const stateParam = params.get("state") ?? "";
  const selectedState = OFFER_STATES.includes(stateParam) ? stateParam : null;
  const totals = useRpc<PipelineTotals[]>("offer_pipeline", {
    p_created_month: filters.periodKind === "created" ? filters.month : null,
    p_valid_until_month:
      filters.periodKind === "valid_until" ? filters.month : null,
    p_owner_staff_id: filters.ownerStaffId,
    p_owner_dealer_id: filters.ownerDealerId,
  });
  const { selectProps: staffSelect } = useSelect({
    resource: "staff",
    optionLabel: "full_name",
    optionValue: "id",
    sorters: [{ field: "full_name", order: "asc" }],
    pagination: { pageSize: 100, mode: "server" },
  });
  const { selectProps: dealerSelect } = useSelect({
    resource: "dealers",
    optionLabel: "name",
    optionValue: "id",
    sorters: [{ field: "name", order: "asc" }],
    pagination: { pageSize: 100, mode: "server" },
  });

  // Sets or clears one URL parameter, keeping the others.
  const setParam = (name: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    setParams(next);
  };

  return (
    <div>
      <h2>{translate("pipeline.title")}</h2>
      <p>{translate("pipeline.basisNote")}</p>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select<PeriodKind>
          aria-label={translate("pipeline.periodKind")}
          value={filters.periodKind}
          style={{ width: 220 }}
          options={[
            { value: "created", label: translate("pipeline.createdIn") },
            {
              value: "valid_until",
              label: translate("pipeline.validUntilIn"),
            },
          ]}
          onChange={(value) => setParam("period", value)}
        />
        <DatePicker
          picker="month"
          aria-label={translate("pipeline.month")}
          placeholder={translate("pipeline.allMonths")}
          format="MM.YYYY"
          value={filters.month ? dayjs(filters.month) : null}
          onChange={(value) =>
            setParam("month", value ? value.format("YYYY-MM") : null)
          }
        />
        <Select<string>
          {...(staffSelect as SelectProps<string>)}
          aria-label={translate("pipeline.ownerStaff")}
          placeholder={translate("pipeline.ownerStaff")}
          allowClear
          style={{ width: 240 }}
          value={filters.ownerStaffId ?? undefined}
          onChange={(value) => setParam("staff", value ?? null)}
        />
        <Select<string>
          {...(dealerSelect as SelectProps<string>)}
          aria-label={translate("pipeline.ownerDealer")}
          placeholder={translate("pipeline.ownerDealer")}
          allowClear
          style={{ width: 240 }}
          value={filters.ownerDealerId ?? undefined}
          onChange={(value) => setParam("dealer", value ?? null)}
        />
      </Space>
      {totals.error ? (
        <Alert
          type="error"
          showIcon
          message={translate("pipeline.loadError")}
          description={<ErrorDescription message={totals.error} />}
        />
      ) : (
        <Table<PipelineTotals>
          className="pipeline-totals"
          size="small"
          rowKey="state"
          loading={totals.loading}
          dataSource={totals.data ?? []}
          pagination={false}
          columns={[
            {
              key: "state",
              title: translate("pipeline.state"),
              render: (_, row) => (
                <Button
                  type="link"
                  style={{
                    padding: 0,
                    fontWeight: row.state === selectedState ? 600 : undefined,
                  }}
                  onClick={() => setParam("state", row.state)}
                >
                  {translate(`enums.${row.state}`)}
                </Button>
              ),
            },
            {
              key: "count",
              title: translate("pipeline.count"),
              align: "right",
              render: (_, row) => formatDecimal(String(row.offer_count), 0),
            },
            {
              key: "mwh",
              title: translate("pipeline.yearlyConsumption"),
              align: "right",
              render: (_, row) => mwhText(row.yearly_consumption_mwh),
            },
            {
              key: "profit",
              title: translate("pipeline.grossProfit"),
              align: "right",
              render: (_, row) => tryText(row.gross_profit_try),
            },
          ]}
        />
      )}
      {selectedState ? (
        <StateOffers state={selectedState} filters={filters} />
      ) : null}
    </div>
  );
}
