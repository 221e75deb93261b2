// Errors with the server's text folded below the user's sentence, so that
// the person who reports a fault can copy the code, message and hint.
import { Alert } from "antd";
import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { PortalError } from "../errors.ts";

/** Shows an error's server text under a closed "Teknik ayrıntı" disclosure. */
export function TechnicalDetails({ text }: { text: string }) {
  const { t } = useTranslation();
  if (!text) {
    return null;
  }

  return (
    <details data-testid="error-details" style={{ marginTop: 4 }}>
      <summary style={{ cursor: "pointer", fontSize: 12 }}>
        {t("errors.technical")}
      </summary>
      <code
        data-testid="error-technical"
        style={{
          fontSize: 12,
          whiteSpace: "pre-wrap",
          wordBreak: "break-word",
        }}
      >
        {text}
      </code>
    </details>
  );
}

/** Shows an error's sentence with its technical details, in a toast. */
export function ErrorDescription({ error }: { error: PortalError }) {
  return (
    <span>
      {error.message}
      <TechnicalDetails text={error.technical} />
    </span>
  );
}

/** Shows an error as an alert: what failed, then the server's text folded. */
export function ErrorAlert({
  error,
  type = "error",
  style,
}: {
  error: PortalError;
  type?: "error" | "warning";
  style?: CSSProperties;
}) {
  return (
    <Alert
      type={type}
      message={error.message}
      description={
        error.technical ? (
          <TechnicalDetails text={error.technical} />
        ) : undefined
      }
      style={style}
    />
  );
}
