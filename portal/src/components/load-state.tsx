import { Alert, Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Loaded } from "../load.ts";

/** Shows a spinner while loading, the error if the query failed, else children. */
export function LoadState<T>({
  loaded,
  children,
}: {
  loaded: Loaded<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  if (loaded.error) {
    return (
      <Alert
        type="error"
        message={t("common.loadFailed", { message: loaded.error })}
      />
    );
  }
  if (loaded.data === undefined) {
    return <Spin />;
  }

  return children(loaded.data);
}
