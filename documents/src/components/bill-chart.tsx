// Bar chart of monthly bills drawn with react-pdf's SVG primitives: for each
// month the regulated bill, the offer bill and the savings. Savings below
// zero (an offer dearer than the regulated bill) are drawn under the zero
// line in red.

import {
  G,
  Line,
  Rect,
  Svg,
  Text as SvgText,
  Text,
  View,
} from "@react-pdf/renderer";
import { formatDecimal } from "../../../shared/money.ts";
import { FONT_FAMILY } from "../assets.ts";
import { formatMonthShort, LABELS } from "../i18n.ts";
import type { Language, MonthResult } from "../types.ts";
import { COLORS } from "./layout.tsx";

const WIDTH = 523;
const HEIGHT = 190;
const PLOT_LEFT = 56;
const PLOT_RIGHT = WIDTH - 6;
const PLOT_TOP = 8;
const PLOT_BOTTOM = HEIGHT - 18;

/** Picks a round step (1, 2 or 5 × 10^n) that gives about `count` ticks. */
function niceStep(range: number, count: number): number {
  const rough = range / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const candidates = [1, 2, 5, 10].map((factor) => factor * magnitude);

  return candidates.find((step) => step >= rough) ?? 10 * magnitude;
}

export function BillChart({
  months,
  language,
}: {
  months: MonthResult[];
  language: Language;
}) {
  const labels = LABELS[language];
  // Bar geometry only: floats are fine for positions, never for amounts.
  const series = months.map((month) => ({
    label: formatMonthShort(month.month, language),
    regulated: Number(month.regulated_bill_try),
    offer: Number(month.offer_bill_try),
    savings: Number(month.savings_try),
  }));
  const values = series.flatMap((item) => [
    item.regulated,
    item.offer,
    item.savings,
  ]);
  const rawMax = Math.max(0, ...values);
  const rawMin = Math.min(0, ...values);
  const step = niceStep(rawMax - rawMin || 1, 5);
  const maxValue = Math.ceil(rawMax / step) * step;
  const minValue = Math.floor(rawMin / step) * step;
  const scaleY = (value: number) =>
    PLOT_BOTTOM -
    ((value - minValue) / (maxValue - minValue || 1)) *
      (PLOT_BOTTOM - PLOT_TOP);
  const groupWidth = (PLOT_RIGHT - PLOT_LEFT) / Math.max(series.length, 1);
  const barWidth = Math.min(12, (groupWidth - 6) / 3);
  const ticks: number[] = [];
  for (let tick = minValue; tick <= maxValue + step / 2; tick += step) {
    ticks.push(tick);
  }

  const bar = (x: number, value: number, color: string) => {
    const top = scaleY(Math.max(value, 0));
    const bottom = scaleY(Math.min(value, 0));

    return (
      <Rect
        x={x}
        y={top}
        width={barWidth}
        height={Math.max(bottom - top, 0.3)}
        fill={color}
      />
    );
  };

  const legend = [
    { color: COLORS.regulated, text: labels.regulatedBill },
    { color: COLORS.offer, text: labels.offerBill },
    { color: COLORS.savings, text: labels.savings },
  ];

  return (
    <View wrap={false}>
      <Svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`}>
        {ticks.map((tick) => (
          <G key={`tick-${tick}`}>
            <Line
              x1={PLOT_LEFT}
              x2={PLOT_RIGHT}
              y1={scaleY(tick)}
              y2={scaleY(tick)}
              stroke={tick === 0 ? COLORS.text : COLORS.rule}
              strokeWidth={tick === 0 ? 0.8 : 0.4}
            />
            <SvgText
              x={PLOT_LEFT - 4}
              y={scaleY(tick) + 2.5}
              textAnchor="end"
              style={{ fontSize: 6.5, fontFamily: FONT_FAMILY }}
              fill={COLORS.muted}
            >
              {formatDecimal(Math.round(tick).toString(), 0)}
            </SvgText>
          </G>
        ))}
        {series.map((item, index) => {
          const x =
            PLOT_LEFT + index * groupWidth + (groupWidth - 3 * barWidth) / 2;

          return (
            <G key={item.label + String(index)}>
              {bar(x, item.regulated, COLORS.regulated)}
              {bar(x + barWidth, item.offer, COLORS.offer)}
              {bar(
                x + 2 * barWidth,
                item.savings,
                item.savings < 0 ? COLORS.loss : COLORS.savings,
              )}
              <SvgText
                x={x + 1.5 * barWidth}
                y={HEIGHT - 6}
                textAnchor="middle"
                style={{ fontSize: 7, fontFamily: FONT_FAMILY }}
                fill={COLORS.text}
              >
                {item.label}
              </SvgText>
            </G>
          );
        })}
      </Svg>
      <View
        style={{ flexDirection: "row", marginTop: 2, marginLeft: PLOT_LEFT }}
      >
        {legend.map((entry) => (
          <View
            key={entry.text}
            style={{
              flexDirection: "row",
              alignItems: "center",
              marginRight: 14,
            }}
          >
            <View
              style={{
                width: 8,
                height: 8,
                backgroundColor: entry.color,
                marginRight: 4,
              }}
            />
            <Text style={{ fontSize: 7.5 }}>{entry.text} (₺)</Text>
          </View>
        ))}
      </View>
    </View>
  );
}
