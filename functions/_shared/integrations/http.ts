// HTTP calls to outside systems with a per-attempt timeout and retries with
// exponential back-off. Only failures that may pass are retried: network
// errors, timeouts, 429 and 5xx responses. Other responses are returned, and
// the caller decides.

export type RetryOptions = {
  // Attempts in all, the first included.
  attempts: number;
  // Wait before the second attempt; each later wait doubles.
  baseDelayMs: number;
  // Time one attempt may take before it is aborted.
  timeoutMs: number;
};

export const DEFAULT_RETRY: RetryOptions = {
  attempts: 4,
  baseDelayMs: 500,
  timeoutMs: 30_000,
};

// The outside system kept failing (after all retries) or returned
// something unusable. `retryable` is true when a later run may succeed.
export class OutsideSystemError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Sends the request built by `makeRequest` (called again for each attempt,
// so bodies and fresh credentials are rebuilt) and returns the first response
// that is not retryable. Throws OutsideSystemError once the attempts are
// used up.
export async function fetchWithRetry(
  label: string,
  makeRequest: () => Promise<Request> | Request,
  options: RetryOptions = DEFAULT_RETRY,
): Promise<Response> {
  let lastProblem = "";
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    if (attempt > 1) {
      const delay = options.baseDelayMs * 2 ** (attempt - 2);
      console.warn(
        `${label}: attempt ${attempt - 1} failed (${lastProblem}), retrying in ${delay} ms`,
      );
      await sleep(delay);
    }
    try {
      const request = await makeRequest();
      const response = await fetch(request, {
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      if (!isRetryableStatus(response.status)) {
        return response;
      }
      const text = await response.text().catch(() => "");
      lastProblem = `HTTP ${response.status} ${text.slice(0, 200)}`;
    } catch (error) {
      const name = (error as Error).name;
      lastProblem =
        name === "TimeoutError"
          ? `timed out after ${options.timeoutMs} ms`
          : (error as Error).message;
    }
  }

  throw new OutsideSystemError(
    `${label} failed after ${options.attempts} attempts: ${lastProblem}`,
    true,
  );
}

// Reads a JSON body, or throws OutsideSystemError naming the call.
export async function readJson(
  label: string,
  response: Response,
): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new OutsideSystemError(
      `${label} returned malformed JSON (HTTP ${response.status}): ${text.slice(0, 200)}`,
      false,
    );
  }
}

// Reads a positive integer setting from the environment.
export function envInteger(name: string, fallback: number): number {
  const text = Deno.env.get(name);
  if (text === undefined || text === "") {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name}=${text} is invalid: expected an integer >= 1`);
  }

  return value;
}

// Reads a required setting (a URL or credential) from the environment.
export function requiredEnv(name: string): string {
  const value = Deno.env.get(name);
  if (value === undefined || value === "") {
    throw new Error(`${name} is not set: add it to the function's secrets`);
  }

  return value;
}

// Retry settings from INTEGRATION_RETRY_ATTEMPTS, INTEGRATION_RETRY_BASE_MS
// and INTEGRATION_REQUEST_TIMEOUT_MS, with DEFAULT_RETRY as fallback.
export function retryOptionsFromEnv(): RetryOptions {
  return {
    attempts: envInteger("INTEGRATION_RETRY_ATTEMPTS", DEFAULT_RETRY.attempts),
    baseDelayMs: envInteger(
      "INTEGRATION_RETRY_BASE_MS",
      DEFAULT_RETRY.baseDelayMs,
    ),
    timeoutMs: envInteger(
      "INTEGRATION_REQUEST_TIMEOUT_MS",
      DEFAULT_RETRY.timeoutMs,
    ),
  };
}
