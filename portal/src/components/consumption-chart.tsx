import { Alert, Card, Segmented, Select, Space, Table } from "antd";
import {
  BarController,
  BarElement,
  CategoryScale,
  type ChartData,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { Chart } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { filterOptionByTurkishLabel } from "../../../shared/turkish.ts";
import {
  type ConsumptionPeriod,
  type ConsumptionRow,
  consumptionWh,
  estimatedWh,
  type Granularity,
  type HourlyReadingRow,
  periodLabels,
  periodRange,
  periodsFromHours,
  periodsFromRows,
  stackTotals,
  TIME_ZONE_CODES,
} from "../consumption.ts";
import { formatNumber } from "../format.ts";
import { useLoad } from "../load.ts";
import { supabase } from "../supabase.ts";
import { IsoPicker, type PickerKind } from "./date-inputs.tsx";
import { LoadState } from "./load-state.tsx";

ChartJS.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  Legend,
);

type PointOption = { id: string; code: string; reading_method: string };

// A point with the Istanbul date ("YYYY-MM-DD") of its latest reading, or
// null when it has none.
type PointWithLatest = PointOption & { latest_date: string | null };

const ZONE_COLORS = { T1: "#f5a623", T2: "#d0021b", T3: "#4a90e2" };
const INJECTION_COLOR = "#7ed321";

function formatKwh(wh: number): string {
  return formatNumber((wh / 1000).toFixed(3), 3);
}

// The period of each view is a year of months, a month of days or a day
// of hours, picked with the matching picker.
const PERIOD_PICKER: Record<Granularity, PickerKind> = {
  month: "year",
  day: "month",
  hour: "date",
};

// Returns the default period of a view: the one containing the point's
// latest reading, or yesterday for a point without readings.
function defaultPeriod(
  granularity: Granularity,
  latestDate: string | null,
): string {
  const today =
    latestDate ??
    new Date(Date.now() - 86_400_000).toLocaleDateString("sv-SE", {
      timeZone: "Europe/Istanbul",
    });
  if (granularity === "month") {
    return today.slice(0, 4);
  }
  if (granularity === "day") {
    return today.slice(0, 7);
  }

  return today;
}

async function loadPeriods(
  pointId: string,
  granularity: Granularity,
  range: { from_ms: number; to_ms: number },
) {
  const from = new Date(range.from_ms).toISOString();
  const to = new Date(range.to_ms).toISOString();
  // Hours come from the readings themselves: the RPC groups by local hour,
  // which would merge the two 03:00 hours of the day clocks go back.
  if (granularity === "hour") {
    const result = await supabase
      .from("hourly_readings")
      .select("hour_start, consumption_kwh, injection_kwh, consumption_quality")
      .eq("metering_point_id", pointId)
      .gte("hour_start", from)
      .lt("hour_start", to)
      .order("hour_start")
      .returns<HourlyReadingRow[]>();

    return {
      data: result.data ? periodsFromHours(result.data) : null,
      error: result.error,
    };
  }
  const result = await supabase.rpc("metering_point_consumption", {
    p_metering_point_id: pointId,
    p_from: from,
    p_to: to,
    p_granularity: granularity,
  });
  const rows = result.data as ConsumptionRow[] | null;

  return {
    data: rows ? periodsFromRows(rows) : null,
    error: result.error,
  };
}

function chartData(
  periods: ConsumptionPeriod[],
  labels: string[],
  t: (key: string, options?: Record<string, string>) => string,
): ChartData<"bar" | "line", number[], string> {
  const toKwh = (wh: number) => wh / 1000;
  const bars: ChartData<"bar", number[], string>["datasets"] = [];
  for (const zone of TIME_ZONE_CODES) {
    bars.push({
      type: "bar",
      label: zone,
      stack: "energy",
      backgroundColor: ZONE_COLORS[zone],
      data: periods.map((period) => toKwh(period.measured_wh[zone])),
    });
    if (periods.some((period) => period.estimated_wh[zone] > 0)) {
      // Estimated energy is the zone's colour, hatched by a dashed border
      // and faded, with its own legend entry.
      bars.push({
        type: "bar",
        label: t("consumption.estimatedZone", { zone }),
        stack: "energy",
        backgroundColor: `${ZONE_COLORS[zone]}55`,
        borderColor: ZONE_COLORS[zone],
        borderWidth: 2,
        borderDash: [4, 3],
        data: periods.map((period) => toKwh(period.estimated_wh[zone])),
      } as ChartData<"bar", number[], string>["datasets"][number]);
    }
  }
  if (periods.some((period) => period.injection_wh > 0)) {
    bars.push({
      type: "bar",
      label: t("consumption.injection"),
      stack: "energy",
      backgroundColor: INJECTION_COLOR,
      data: periods.map((period) => -toKwh(period.injection_wh)),
    });
  }
  const { net } = stackTotals(bars.map((dataset) => dataset.data));

  return {
    labels,
    datasets: [
      ...bars,
      {
        type: "line",
        label: t("consumption.net"),
        data: net,
        showLine: false,
        pointStyle: "crossRot",
        pointRadius: 8,
        borderColor: "#000",
        borderWidth: 2,
      },
    ],
  } as ChartData<"bar" | "line", number[], string>;
}

function ConsumptionTable({
  periods,
  labels,
}: {
  periods: ConsumptionPeriod[];
  labels: string[];
}) {
  const { t } = useTranslation();
  type Row = { key: string; label: string; period: ConsumptionPeriod };
  const rows: Row[] = periods.map((period, index) => ({
    key: String(period.start_ms),
    label: labels[index] ?? "",
    period,
  }));
  const zoneWh = (period: ConsumptionPeriod, zone: "T1" | "T2" | "T3") =>
    period.measured_wh[zone] + period.estimated_wh[zone];
  const sum = (pick: (period: ConsumptionPeriod) => number) =>
    periods.reduce((total, period) => total + pick(period), 0);

  return (
    <Table<Row>
      size="small"
      pagination={false}
      dataSource={rows}
      scroll={{ x: "max-content" }}
      locale={{ emptyText: t("consumption.noReadings") }}
      columns={[
        { title: t("consumption.period"), dataIndex: "label" },
        ...TIME_ZONE_CODES.map((zone) => ({
          title: `${zone} (kWh)`,
          key: zone,
          align: "right" as const,
          render: (_: unknown, row: Row) => formatKwh(zoneWh(row.period, zone)),
        })),
        {
          title: t("consumption.total"),
          key: "total",
          align: "right",
          render: (_, row) => formatKwh(consumptionWh(row.period)),
        },
        {
          title: t("consumption.estimated"),
          key: "estimated",
          align: "right",
          render: (_, row) => formatKwh(estimatedWh(row.period)),
        },
        {
          title: t("consumption.injectionKwh"),
          key: "injection",
          align: "right",
          render: (_, row) => formatKwh(row.period.injection_wh),
        },
        {
          title: t("consumption.netKwh"),
          key: "net",
          align: "right",
          render: (_, row) =>
            formatKwh(consumptionWh(row.period) - row.period.injection_wh),
        },
      ]}
      summary={() =>
        rows.length === 0 ? null : (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0}>
              {t("consumption.sum")}
            </Table.Summary.Cell>
            {TIME_ZONE_CODES.map((zone, index) => (
              <Table.Summary.Cell key={zone} index={index + 1} align="right">
                {formatKwh(sum((period) => zoneWh(period, zone)))}
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={4} align="right">
              {formatKwh(sum(consumptionWh))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={5} align="right">
              {formatKwh(sum(estimatedWh))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={6} align="right">
              {formatKwh(sum((period) => period.injection_wh))}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right">
              {formatKwh(
                sum((period) => consumptionWh(period) - period.injection_wh),
              )}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )
      }
    />
  );
}

function ConsumptionView({
  pointId,
  granularity,
  period,
}: {
  pointId: string;
  granularity: Granularity;
  period: string;
}) {
  const { t } = useTranslation();
  const range = periodRange(period, granularity);
  const loaded = useLoad(
    () =>
      range
        ? loadPeriods(pointId, granularity, range)
        : Promise.resolve({ data: null, error: null }),
    [pointId, granularity, range?.from_ms, range?.to_ms],
  );
  if (!range) {
    return (
      <Alert
        type="warning"
        message={t("consumption.invalidPeriod", { period })}
      />
    );
  }

  return (
    <LoadState loaded={loaded}>
      {(periods) => {
        const labels = periodLabels(periods, granularity);

        return (
          <Space direction="vertical" style={{ width: "100%" }}>
            {periods.length > 0 && (
              <div style={{ position: "relative", height: 320 }}>
                <Chart
                  type="bar"
                  aria-label={t("consumption.chart")}
                  role="img"
                  data={chartData(periods, labels, t)}
                  options={{
                    maintainAspectRatio: false,
                    animation: false,
                    scales: {
                      x: { stacked: true },
                      y: {
                        stacked: true,
                        title: { display: true, text: "kWh" },
                      },
                    },
                    plugins: { legend: { position: "bottom" } },
                  }}
                />
              </div>
            )}
            <section aria-label={t("consumption.table")}>
              <ConsumptionTable periods={periods} labels={labels} />
            </section>
          </Space>
        );
      }}
    </LoadState>
  );
}

// Loads the user's metering points with the Istanbul date of each one's
// latest reading, sorted by that date (newest first, unread points last).
async function loadPointsByLatestReading() {
  const points = await supabase
    .from("metering_points")
    .select("id, code, reading_method")
    .order("code")
    .returns<PointOption[]>();
  if (points.error || !points.data) {
    return { data: null, error: points.error };
  }
  const latest = await Promise.all(
    points.data.map((point) =>
      supabase
        .from("hourly_readings")
        .select("hour_start")
        .eq("metering_point_id", point.id)
        .order("hour_start", { ascending: false })
        .limit(1)
        .returns<{ hour_start: string }[]>(),
    ),
  );
  const failed = latest.find((result) => result.error);
  if (failed) {
    return { data: null, error: failed.error };
  }
  const rows: PointWithLatest[] = points.data.map((point, index) => {
    const hour = latest[index]?.data?.[0]?.hour_start;

    return {
      ...point,
      latest_date: hour
        ? new Date(hour).toLocaleDateString("sv-SE", {
            timeZone: "Europe/Istanbul",
          })
        : null,
    };
  });
  // ISO dates sort as text. Points with the same date, or none, keep the
  // code order.
  rows.sort((a, b) => {
    if (a.latest_date === b.latest_date) {
      return a.code.localeCompare(b.code);
    }
    if (a.latest_date === null) {
      return 1;
    }
    if (b.latest_date === null) {
      return -1;
    }

    return a.latest_date < b.latest_date ? 1 : -1;
  });

  return { data: rows, error: null };
}

/**
 * Shows the consumption of the user's metering points as stacked T1/T2/T3
 * bars, with injection below zero and a net marker, and the same values in
 * a table. The point, view and period live in the URL (point, view, period).
 */
export function ConsumptionCharts() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const points = useLoad(loadPointsByLatestReading, []);

  return (
    <Card title={t("consumption.title")}>
      <LoadState loaded={points}>
        {(rows) => {
          // Without a point in the URL, the one read most recently.
          const point =
            rows.find((row) => row.id === params.get("point")) ?? rows[0];
          if (!point) {
            return t("consumption.noPoints");
          }
          const requested = params.get("view");
          const views: Granularity[] =
            point.reading_method === "osos"
              ? ["month", "day", "hour"]
              : ["month", "day"];
          const granularity =
            views.find((view) => view === requested) ?? "month";
          const period =
            params.get("period") ??
            defaultPeriod(granularity, point.latest_date);
          const update = (changes: Record<string, string>) =>
            setParams({
              point: point.id,
              view: granularity,
              period,
              ...changes,
            });

          return (
            <Space direction="vertical" style={{ width: "100%" }}>
              <Space wrap>
                <Select
                  aria-label={t("consumption.point")}
                  style={{ minWidth: 260 }}
                  showSearch
                  filterOption={filterOptionByTurkishLabel}
                  value={point.id}
                  options={rows.map((row) => ({
                    value: row.id,
                    label: row.latest_date
                      ? row.code
                      : `${row.code} (${t("consumptionPicker.noReadings")})`,
                  }))}
                  onChange={(value) => {
                    const next = rows.find((row) => row.id === value);
                    update({
                      point: value,
                      period: defaultPeriod(
                        granularity,
                        next?.latest_date ?? null,
                      ),
                    });
                  }}
                />
                <Segmented<Granularity>
                  value={granularity}
                  options={views.map((view) => ({
                    value: view,
                    label: t(`consumption.views.${view}`),
                  }))}
                  onChange={(view) =>
                    update({
                      view,
                      period: defaultPeriod(view, point.latest_date),
                    })
                  }
                />
                <IsoPicker
                  ariaLabel={t("consumption.periodInput")}
                  style={{ width: 140 }}
                  kind={PERIOD_PICKER[granularity]}
                  value={period}
                  onChange={(value) => {
                    if (value) {
                      update({ period: value });
                    }
                  }}
                />
              </Space>
              <ConsumptionView
                pointId={point.id}
                granularity={granularity}
                period={period}
              />
            </Space>
          );
        }}
      </LoadState>
    </Card>
  );
}
