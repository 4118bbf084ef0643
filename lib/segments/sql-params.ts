/** The SQL types a segment parameter may be cast to; casts come from this list, never from input. */
export type ParamCast = 'text' | 'text[]' | 'numeric' | 'numeric[]' | 'timestamptz' | 'uuid';

/** Collects bound values and hands back their `$n::type` placeholders, so no value is ever written into SQL text. */
export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly offset = 0) {}

  add(value: unknown, cast: ParamCast): string {
    this.values.push(value);
    return `$${this.offset + this.values.length}::${cast}`;
  }
}
