// The "Demo fiyatlar" mark of a priced offer. price_offer returns
// `uses_demo_prices` and `demo_figures` (market prices, YEKDEM, energy
// tariff, distribution tariff, tax rates) when some figure came from rows
// marked is_demo. Results stored before it carried them list the demo
// figures per month only, so both places are read.
import { useTranslate } from "@refinedev/core";
import { Alert } from "antd";

export type DemoFigures = {
  uses_demo_prices?: boolean;
  demo_figures?: string[];
  months?: { demo_figures?: string[] }[];
};

/** Returns the demo figures a pricing result used, sorted, without repeats. */
export function demoFiguresOf(
  result: DemoFigures | null | undefined,
): string[] {
  if (!result) {
    return [];
  }
  const figures = new Set(result.demo_figures ?? []);
  for (const month of result.months ?? []) {
    for (const figure of month.demo_figures ?? []) {
      figures.add(figure);
    }
  }

  return [...figures].sort();
}

/** Shows the demo mark when any of `results` used demo figures. */
export function DemoPricesMark({
  results,
  testId,
}: {
  results: (DemoFigures | null | undefined)[];
  testId: string;
}) {
  const translate = useTranslate();
  const figures = [...new Set(results.flatMap(demoFiguresOf))].sort();
  if (figures.length === 0) {
    return null;
  }
  const names = figures.map((figure) =>
    translate(`offer_marks.figures.${figure.replaceAll(" ", "_")}`, {}, figure),
  );

  return (
    <Alert
      type="warning"
      showIcon
      data-testid={testId}
      message={translate("offer_marks.demo_prices")}
      description={translate("offer_marks.demo_prices_detail", {
        figures: names.join(", "),
      })}
    />
  );
}
