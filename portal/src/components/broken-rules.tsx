// The price rules an alternative breaks, one line each with its
// consequence, limit and actual value. Rejections are red. Once head office
// has approved the alternative, a rule that needed approval is marked
// approved instead.
import { useTranslation } from "react-i18next";
import { formatRuleValue } from "../../../shared/price-rules.ts";

export type BrokenRule = {
  price_rule_id: number;
  rule_kind: string;
  limit_value: number;
  actual_value: number | null;
  consequence: "approval_required" | "rejected";
};

export function BrokenRules({
  rules,
  approvalGranted = false,
}: {
  rules: BrokenRule[];
  approvalGranted?: boolean;
}) {
  const { t } = useTranslation();
  if (rules.length === 0) {
    return null;
  }

  return (
    <ul aria-label={t("offers.rules")} style={{ margin: 0, paddingLeft: 18 }}>
      {rules.map((rule) => (
        <li
          key={rule.price_rule_id}
          data-consequence={rule.consequence}
          style={
            rule.consequence === "rejected" ? { color: "#cf1322" } : undefined
          }
        >
          {`${t(
            approvalGranted && rule.consequence === "approval_required"
              ? "salesMarks.consequences.approved"
              : `salesMarks.consequences.${rule.consequence}`,
          )}: `}
          {t(`offerForm.ruleKinds.${rule.rule_kind}`, {
            defaultValue: rule.rule_kind,
          })}
          {`: ${t("offerForm.limit")} ${formatRuleValue(rule.rule_kind, rule.limit_value)}, ${t(
            "offerForm.actual",
          )} ${formatRuleValue(rule.rule_kind, rule.actual_value)}`}
        </li>
      ))}
    </ul>
  );
}
