import { useNotificationProvider } from "@refinedev/antd";
import type { NotificationProvider } from "@refinedev/core";
import { App } from "antd";
import { TechnicalDetails } from "./error-description.tsx";
import { splitTechnical } from "./technical.ts";

// Refine's antd notifications, with an error's sentence as the title and the
// server's text folded below the action that failed.
export function useAppNotificationProvider(): NotificationProvider {
  const base = useNotificationProvider();
  const { notification } = App.useApp();

  return {
    ...base,
    open: (params) => {
      if (params.type !== "error" || !params.description) {
        base.open(params);

        return;
      }
      const [sentence, technical] = splitTechnical(params.description);
      notification.open({
        key: params.key,
        type: "error",
        message: sentence,
        description: (
          <>
            <div>{params.message}</div>
            {technical ? <TechnicalDetails text={technical} /> : null}
          </>
        ),
      });
    },
  };
}
