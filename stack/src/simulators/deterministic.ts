// Deterministic pseudo-random numbers for demo data: the same key always
// gives the same values, across runs and machines.

// FNV-1a over the UTF-16 code units of `key`, as an unsigned 32-bit integer.
export function hashKey(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }

  return hash >>> 0;
}

// An integer in [min, max] chosen by `key`.
export function pickInteger(key: string, min: number, max: number): number {
  return min + (hashKey(key) % (max - min + 1));
}

export function pickOne<T>(key: string, values: readonly T[]): T {
  return values[hashKey(key) % values.length] as T;
}
