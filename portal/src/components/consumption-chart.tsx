import { Card, Empty, Select, Table } from "antd";
import {
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  Tooltip,
} from "chart.js";
import { useEffect, useState } from "react";
import { Bar } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../format.ts";
import { useLoad } from "../load.ts";
import { supabase } from "../supabase.ts";
import { LoadState } from "./load-state.tsx";

ChartJS.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

type PointOption = { id: string; code: string };

type ConsumptionRow = {
  period_start: string;
  time_zone_code: string;
  consumption_kwh: number | string;
  hour_count: number;
};

type MonthTotal = {
  month: string;
  byZone: Record<string, number>;
  totalKwh: number;
  hourCount: number;
};

const ZONE_COLOURS: Record<string, string> = {
  T1: "#1677ff",
  T2: "#fa8c16",
  T3: "#722ed1",
};

// public.metering_point_consumption accepts at most three years per call.
const MONTHS_SHOWN = 35;

// First day of the month `offset` months from the current Istanbul month,
// as midnight in Istanbul (UTC+3 all year since 2016).
function istanbulMonthStart(offset: number): string {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Istanbul",
  }).format(new Date());
  const [year = 0, month = 1] = today.split("-").map(Number);
  const start = new Date(Date.UTC(year, month - 1 + offset, 1));

  return `${start.toISOString().slice(0, 10)}T00:00:00+03:00`;
}

// Month label yyyy-MM of a period start, in Istanbul time.
function monthOf(periodStart: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Istanbul",
    year: "numeric",
    month: "2-digit",
  }).format(new Date(periodStart));
}

function totalsByMonth(rows: ConsumptionRow[]): MonthTotal[] {
  const months = new Map<string, MonthTotal>();
  for (const row of rows) {
    const month = monthOf(row.period_start);
    const total = months.get(month) ?? {
      month,
      byZone: {},
      totalKwh: 0,
      hourCount: 0,
    };
    const kwh = Number(row.consumption_kwh);
    total.byZone[row.time_zone_code] =
      (total.byZone[row.time_zone_code] ?? 0) + kwh;
    total.totalKwh += kwh;
    total.hourCount += row.hour_count;
    months.set(month, total);
  }

  return [...months.values()].sort((a, b) => a.month.localeCompare(b.month));
}

/**
 * Shows the monthly consumption of one of the user's metering points as
 * bars per time zone (T1 day, T2 peak, T3 night) and as a table.
 */
export function ConsumptionChart() {
  const { t } = useTranslation();
  const points = useLoad(
    () =>
      supabase
        .from("metering_points")
        .select("id, code")
        .order("code")
        .returns<PointOption[]>(),
    [],
  );
  const [pointId, setPointId] = useState<string>();
  useEffect(() => {
    if (!pointId && points.data?.[0]) {
      setPointId(points.data[0].id);
    }
  }, [points.data, pointId]);
  const consumption = useLoad(async () => {
    if (!pointId) {
      return { data: [] as ConsumptionRow[], error: null };
    }

    const { data, error } = await supabase.rpc("metering_point_consumption", {
      p_metering_point_id: pointId,
      p_from: istanbulMonthStart(-MONTHS_SHOWN + 1),
      p_to: istanbulMonthStart(1),
      p_granularity: "month",
    });

    return { data: (data ?? []) as ConsumptionRow[], error };
  }, [pointId]);

  return (
    <Card
      title={t("consumption.title")}
      style={{ marginTop: 16 }}
      extra={
        <Select
          aria-label={t("consumption.point")}
          style={{ minWidth: 200 }}
          value={pointId}
          onChange={setPointId}
          options={(points.data ?? []).map((point) => ({
            value: point.id,
            label: point.code,
          }))}
        />
      }
    >
      <LoadState loaded={consumption}>
        {(rows) => {
          const months = totalsByMonth(rows);
          if (months.length === 0) {
            return <Empty description={t("consumption.empty")} />;
          }
          const zones = ["T1", "T2", "T3"].filter((zone) =>
            months.some((month) => zone in month.byZone),
          );

          return (
            <>
              <div style={{ height: 280 }}>
                <Bar
                  aria-label={t("consumption.title")}
                  options={{
                    maintainAspectRatio: false,
                    locale: "tr-TR",
                    animation: false,
                    scales: {
                      x: { stacked: true },
                      y: {
                        stacked: true,
                        title: { display: true, text: "kWh" },
                      },
                    },
                  }}
                  data={{
                    labels: months.map((month) => month.month),
                    datasets: zones.map((zone) => ({
                      label: t(`consumption.zones.${zone}`),
                      data: months.map((month) => month.byZone[zone] ?? 0),
                      backgroundColor: ZONE_COLOURS[zone],
                    })),
                  }}
                />
              </div>
              <Table<MonthTotal>
                rowKey="month"
                size="small"
                pagination={false}
                style={{ marginTop: 16 }}
                dataSource={months}
                columns={[
                  { title: t("consumption.month"), dataIndex: "month" },
                  {
                    title: t("consumption.total"),
                    dataIndex: "totalKwh",
                    align: "right",
                    render: (value: number) =>
                      formatNumber(value.toFixed(3), 3),
                  },
                  {
                    title: t("consumption.hours"),
                    dataIndex: "hourCount",
                    align: "right",
                  },
                ]}
              />
            </>
          );
        }}
      </LoadState>
    </Card>
  );
}
