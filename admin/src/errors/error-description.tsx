import { Typography } from "antd";
import { i18n } from "../i18n/index.ts";
import { splitTechnical } from "./technical.ts";

// The sentence of a translated error, with the server's text folded below
// it for the person who reports the fault. Messages and notifications render
// outside Refine's context, so the label comes from i18next directly.
export function ErrorDescription({ message }: { message?: string | null }) {
  if (!message) {
    return null;
  }
  const [sentence, technical] = splitTechnical(message);

  return (
    <>
      <div>{sentence}</div>
      {technical ? <TechnicalDetails text={technical} /> : null}
    </>
  );
}

// The server's text of an error, folded under "Teknik ayrıntı".
export function TechnicalDetails({ text }: { text: string }) {
  return (
    <details data-testid="error-details">
      <summary style={{ cursor: "pointer", fontSize: 12 }}>
        {i18n.t("error_details.technical")}
      </summary>
      <Typography.Text
        type="secondary"
        style={{ fontSize: 12 }}
        data-testid="error-technical"
      >
        {text}
      </Typography.Text>
    </details>
  );
}
