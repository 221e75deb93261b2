import { Typography } from "antd";
import { splitTechnical } from "./technical.ts";

// The sentence of a translated error with the server's text in a small line
// below it.
export function ErrorDescription({ message }: { message?: string | null }) {
  if (!message) {
    return null;
  }
  const [sentence, technical] = splitTechnical(message);

  return (
    <>
      <div>{sentence}</div>
      {technical ? (
        <Typography.Text
          type="secondary"
          style={{ fontSize: 12 }}
          data-testid="error-technical"
        >
          {technical}
        </Typography.Text>
      ) : null}
    </>
  );
}
