// Counts failed password sign-ins per e-mail address and per client address
// in a sliding window. Over either limit, sign-ins are rejected with 429
// until old failures leave the window. The counts live in memory, so a
// restart clears them.
export class SignInLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly perEmail: number,
    private readonly perAddress: number,
    private readonly windowMs: number,
  ) {}

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter(
      (time) => time > now - this.windowMs,
    );
    if (times.length === 0) {
      this.failures.delete(key);
    } else {
      this.failures.set(key, times);
    }

    return times;
  }

  isLimited(email: string, address: string, now = Date.now()): boolean {
    return (
      this.recent(`email:${email.toLowerCase()}`, now).length >=
        this.perEmail ||
      this.recent(`address:${address}`, now).length >= this.perAddress
    );
  }

  recordFailure(email: string, address: string, now = Date.now()): void {
    for (const key of [`email:${email.toLowerCase()}`, `address:${address}`]) {
      this.failures.set(key, [...this.recent(key, now), now]);
    }
  }
}
