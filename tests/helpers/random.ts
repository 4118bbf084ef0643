/** Random choices from a seed (xorshift32), so a test that failed names a seed that repeats the failure exactly. */
export function seededRandom(seed: number) {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T,>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}

export type SeededRandom = ReturnType<typeof seededRandom>;
