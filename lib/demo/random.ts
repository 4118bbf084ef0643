/** A deterministic pseudo-random sequence in [0, 1), so every fresh demo looks the same. */
export function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export type Random = ReturnType<typeof rng>;

/** A whole number in [min, max]. */
export const between = (rand: Random, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
