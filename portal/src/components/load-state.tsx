import { Spin } from "antd";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Loaded } from "../load.ts";
import { ErrorAlert } from "./error-alert.tsx";

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
      <ErrorAlert
        error={{
          ...loaded.error,
          message: t("common.loadFailed", { message: loaded.error.message }),
        }}
      />
    );
  }
  if (loaded.data === undefined) {
    return <Spin />;
  }

  return children(loaded.data);
}
