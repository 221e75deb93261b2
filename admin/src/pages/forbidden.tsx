import { useTranslate } from "@refinedev/core";
import { Result } from "antd";

// Shown when the role may not use a screen that was opened by its address.
export function ForbiddenPage() {
  const translate = useTranslate();

  return (
    <Result
      status="403"
      title="403"
      subTitle={translate("buttons.notAccessTitle")}
    />
  );
}
