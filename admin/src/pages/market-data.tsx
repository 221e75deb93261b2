// Market data: a chart of hourly PTF for a chosen period. Hours are labelled
// in Istanbul time whatever the browser's zone, and every stored hour is one
// point, so a day with a clock change shows 23 or 25 points; a repeated
// local hour carries its UTC offset. Admins and managers also upload market
// data files here (market-data-import.tsx).
import { useTranslate } from "@refinedev/core";
import { Alert, Card, Space, Statistic } from "antd";
import {
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone";
import utc from "dayjs/plugin/utc";
import { useEffect, useState } from "react";
import { Line } from "react-chartjs-2";
import { useTranslation } from "react-i18next";
import { formatTry } from "../../../shared/money.ts";
import { ErrorDescription } from "../errors/error-description.tsx";
import { hourLabels } from "../format/hours.ts";
import { decimalString, TIME_ZONE } from "../format/values.ts";
import { DateInput } from "../resources/generic/inputs.tsx";
import { supabase } from "../supabase.ts";
import { loadErrorText } from "../use-rpc.ts";
import { MarketImportCard } from "./market-data-import.tsx";

dayjs.extend(utc);
dayjs.extend(timezone);
ChartJS.register(
  CategoryScale,
  LinearScale,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
);

// Supabase's default max-rows setting returns up to 1000 rows per request,
// and 31 days of hours (744) fit.
const MAX_DAYS = 31;

type PriceRow = { hour_start: string; price_try_per_mwh: number };

function istanbulMidnight(day: string): string {
  return dayjs.tz(`${day}T00:00:00`, TIME_ZONE).toISOString();
}

function nextDay(day: string): string {
  return dayjs(day, "YYYY-MM-DD").add(1, "day").format("YYYY-MM-DD");
}

export function MarketDataPage() {
  const translate = useTranslate();
  // Rerenders the chart with the labels of a newly chosen language.
  const { i18n } = useTranslation();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const [rows, setRows] = useState<PriceRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  // Bumped after an import, so the chart reloads its period.
  const [importCount, setImportCount] = useState(0);

  // Starts on the last day that has prices.
  useEffect(() => {
    void supabase
      .from("ptf_hourly_prices")
      .select("hour_start")
      .order("hour_start", { ascending: false })
      .limit(1)
      .then(({ data, error: failure }) => {
        if (failure) {
          setError(loadErrorText(failure, "latest PTF hour"));

          return;
        }
        const latest = data?.[0]?.hour_start as string | undefined;
        const day = latest
          ? dayjs(latest).tz(TIME_ZONE).format("YYYY-MM-DD")
          : dayjs().tz(TIME_ZONE).format("YYYY-MM-DD");
        setFrom(day);
        setTo(day);
      });
  }, []);

  useEffect(() => {
    if (!from || !to) {
      return;
    }
    const lastDay = dayjs(to).isBefore(dayjs(from)) ? from : to;
    const cappedLast =
      dayjs(lastDay).diff(dayjs(from), "day") >= MAX_DAYS
        ? dayjs(from)
            .add(MAX_DAYS - 1, "day")
            .format("YYYY-MM-DD")
        : lastDay;
    void supabase
      .from("ptf_hourly_prices")
      .select("hour_start,price_try_per_mwh")
      .gte("hour_start", istanbulMidnight(from))
      .lt("hour_start", istanbulMidnight(nextDay(cappedLast)))
      .order("hour_start", { ascending: true })
      .then(({ data, error: failure }) => {
        setError(failure ? loadErrorText(failure, "PTF prices") : null);
        setRows((data as PriceRow[] | null) ?? []);
      });
  }, [from, to, importCount]);

  const prices = rows.map((row) => Number(row.price_try_per_mwh));
  const total = rows.reduce(
    (sum, row) => sum + Number(row.price_try_per_mwh),
    0,
  );
  // A price per MWh, as "2.345,67 ₺/MWh".
  const summary = (value: number) =>
    `${formatTry(decimalString(value.toFixed(2)) ?? "0")}/MWh`;

  return (
    <>
      <MarketImportCard
        onImported={() => setImportCount((count) => count + 1)}
      />
      <Card title={translate("market.title")}>
        <Space wrap style={{ display: "flex", marginBottom: 16 }}>
          <label>
            {translate("market.from")}{" "}
            <DateInput id="ptf-from" value={from} onChange={setFrom} />
          </label>
          <label>
            {translate("market.to")}{" "}
            <DateInput id="ptf-to" value={to} onChange={setTo} />
          </label>
        </Space>
        {error ? (
          <Alert
            type="error"
            showIcon
            message={translate("market.loadError")}
            description={<ErrorDescription message={error} />}
          />
        ) : null}
        {rows.length === 0 && !error ? (
          <Alert type="info" message={translate("market.noPrices")} />
        ) : null}
        {rows.length > 0 ? (
          <>
            <Space size="large" style={{ marginBottom: 16 }}>
              <Statistic
                title={translate("market.hours", { count: rows.length })}
                value={rows.length}
              />
              <Statistic
                title={translate("market.average")}
                value={summary(total / rows.length)}
              />
              <Statistic
                title={translate("market.minimum")}
                value={summary(Math.min(...prices))}
              />
              <Statistic
                title={translate("market.maximum")}
                value={summary(Math.max(...prices))}
              />
            </Space>
            <div style={{ height: 360 }}>
              <Line
                aria-label={translate("market.ptfChart")}
                options={{
                  maintainAspectRatio: false,
                  // Axis and tooltip numbers in the Turkish format (16.000).
                  locale: "tr-TR",
                  animation: false,
                  plugins: { legend: { display: true } },
                  scales: {
                    y: { title: { display: true, text: "TL/MWh" } },
                  },
                }}
                data={{
                  labels: hourLabels(
                    rows.map((row) => row.hour_start),
                    i18n.language,
                  ),
                  datasets: [
                    {
                      label: translate("market.ptfChart"),
                      data: prices,
                      borderColor: "#1677ff",
                      pointRadius: 2,
                    },
                  ],
                }}
              />
            </div>
          </>
        ) : null}
      </Card>
    </>
  );
}
