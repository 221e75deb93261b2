// Client of the EPİAŞ transparency platform (electricity-service v1): a CAS
// ticket-granting ticket (TGT) from a user name and password, sent as the
// `TGT` header on every data call. An expired ticket (401) is renewed once.
import {
  fetchWithRetry,
  OutsideSystemError,
  type RetryOptions,
  readJson,
} from "./http.ts";

export type EpiasSettings = {
  casUrl: string;
  transparencyUrl: string;
  username: string;
  password: string;
  retry: RetryOptions;
};

export class EpiasClient {
  private ticket: string | null = null;

  constructor(private readonly settings: EpiasSettings) {}

  private async login(): Promise<string> {
    const url = `${this.settings.casUrl.replace(/\/$/, "")}/cas/v1/tickets`;
    const response = await fetchWithRetry(
      "EPİAŞ CAS login",
      () =>
        new Request(url, {
          method: "POST",
          headers: {
            "content-type": "application/x-www-form-urlencoded",
            accept: "text/plain",
          },
          body: new URLSearchParams({
            username: this.settings.username,
            password: this.settings.password,
          }),
        }),
      this.settings.retry,
    );
    const text = (await response.text()).trim();
    if (response.status !== 201 && response.status !== 200) {
      throw new OutsideSystemError(
        `EPİAŞ CAS login failed with HTTP ${response.status}: ${text.slice(0, 200)}`,
        false,
      );
    }
    if (!text.startsWith("TGT-")) {
      throw new OutsideSystemError(
        `EPİAŞ CAS login returned no ticket: ${text.slice(0, 200)}`,
        false,
      );
    }
    this.ticket = text;

    return text;
  }

  // Posts `body` to a transparency service path (such as
  // "markets/dam/data/mcp") and returns the parsed response body.
  async post(path: string, body: unknown): Promise<unknown> {
    const url = `${this.settings.transparencyUrl.replace(/\/$/, "")}/${path}`;
    const label = `EPİAŞ ${path}`;
    for (let renewed = false; ; renewed = true) {
      const ticket = this.ticket ?? (await this.login());
      const response = await fetchWithRetry(
        label,
        () =>
          new Request(url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              accept: "application/json",
              TGT: ticket,
            },
            body: JSON.stringify(body),
          }),
        this.settings.retry,
      );
      if (response.status === 401 && !renewed) {
        await response.body?.cancel();
        this.ticket = null;
        continue;
      }
      if (response.status !== 200) {
        const text = await response.text().catch(() => "");
        throw new OutsideSystemError(
          `${label} failed with HTTP ${response.status}: ${text.slice(0, 300)}`,
          false,
        );
      }

      return await readJson(label, response);
    }
  }
}
