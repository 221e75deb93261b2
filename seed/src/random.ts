// A small seeded pseudo-random generator (mulberry32), so that one seed value
// always produces the same demo data set.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  // Returns a float in [0, 1).
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);

    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  // Returns an integer in [min, max], both included.
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) {
      throw new Error("Random.pick needs at least one item");
    }

    return items[Math.floor(this.next() * items.length)] as T;
  }

  // Picks by weight: `weights[i]` is the relative chance of `items[i]`.
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((sum, weight) => sum + weight, 0);
    let point = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      point -= weights[i] ?? 0;
      if (point < 0) {
        return items[i] as T;
      }
    }

    return items[items.length - 1] as T;
  }

  digits(count: number): string {
    let text = "";
    for (let i = 0; i < count; i++) {
      text += String(this.int(0, 9));
    }

    return text;
  }

  // Returns a version-4 UUID built from this generator's output.
  uuid(): string {
    const bytes = Array.from({ length: 16 }, () => this.int(0, 255));
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.map((byte) => byte.toString(16).padStart(2, "0"));

    return [
      hex.slice(0, 4).join(""),
      hex.slice(4, 6).join(""),
      hex.slice(6, 8).join(""),
      hex.slice(8, 10).join(""),
      hex.slice(10, 16).join(""),
    ].join("-");
  }
}
