// The "Demo fiyatlar" mark of priced offers. price_offer and
// customer_offers return `uses_demo_prices` and `demo_figures` (market
// prices, YEKDEM, energy tariff, distribution tariff, tax rates) when some
// figure came from rows marked is_demo, as `npm start` loads them when no
// market data is at hand.
import { Alert } from "antd";
import { useTranslation } from "react-i18next";

export type DemoFigures = {
  uses_demo_prices?: boolean;
  demo_figures?: string[];
};

/** Shows the demo mark when any of `results` used demo figures. */
export function DemoPricesMark({
  results,
}: {
  results: (DemoFigures | null | undefined)[];
}) {
  const { t } = useTranslation();
  const figures = [
    ...new Set(results.flatMap((result) => result?.demo_figures ?? [])),
  ].sort();
  if (!results.some((result) => result?.uses_demo_prices)) {
    return null;
  }
  const names = figures.map((figure) =>
    t(`salesMarks.figures.${figure.replaceAll(" ", "_")}`, {
      defaultValue: figure,
    }),
  );

  return (
    <Alert
      type="warning"
      showIcon
      aria-label={t("salesMarks.demoPrices")}
      style={{ marginBottom: 12 }}
      message={t("salesMarks.demoPrices")}
      description={t("salesMarks.demoPricesDetail", {
        figures: names.join(", "),
      })}
    />
  );
}
