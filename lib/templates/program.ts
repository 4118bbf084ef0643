import { Context, IfTag, Output, RenderError, isTruthy, TokenKind, TypeGuards, evalQuotedToken, evalToken, toValue, toValueSync, type Filter, type Liquid, type Template as LiquidTemplate, type Token } from 'liquidjs';
import { OUTPUT_ESCAPE_FILTER_NAME, htmlOutputEscape, stringifyValue } from '@/lib/templates/engine';

/**
 * Why this module exists: Liquid renders through generators, ~2 µs per node, which caps a typical email at a
 * few thousand renders a second. A parsed template is flattened once into pieces: static HTML becomes plain
 * strings, `{{ var.path | filter: "literal" }}` becomes a direct lookup plus direct filter calls, and anything
 * else (tags, computed expressions) is still rendered by Liquid itself on a shared Context, limits included.
 */

export type Scope = Record<string, unknown>;

interface RunState {
  scope: Scope;
  ctx?: Context;
}

/** Where the hidden preheader goes in an HTML part. */
const SLOT = Symbol('slot');

type Piece = string | typeof SLOT | ((state: RunState) => string);

export interface Program {
  pieces: Piece[];
}

const MISS = Symbol('miss');
const LIQUID_PROPERTIES = new Set(['size', 'first', 'last']);

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Liquid's own-property lookup for plain data; anything subtler (size, drops, locals) is left to Liquid. */
function lookup(scope: Scope, path: readonly string[]): unknown {
  let current: unknown = scope;
  for (const key of path) {
    if (current === null || current === undefined) return undefined;
    if (typeof current !== 'object' || Array.isArray(current) || !isPlainObject(current)) return MISS;
    if (!Object.hasOwn(current, key)) return LIQUID_PROPERTIES.has(key) ? MISS : undefined;
    current = (current as Scope)[key];
    if (typeof current === 'function') return MISS;
  }
  return current;
}

/** `first_name`, `attributes.plan`, `attributes["plan"]` as a key path; null for anything computed. */
function staticPath(output: Output): string[] | null {
  const postfix = output.value.initial.postfix;
  if (postfix.length !== 1) return null;
  const token = postfix[0];
  if (!TypeGuards.isPropertyAccessToken(token) || token.variable) return null;
  const path: string[] = [];
  for (const prop of token.props) {
    if (TypeGuards.isWordToken(prop)) path.push(prop.content);
    else if (TypeGuards.isQuotedToken(prop)) path.push(evalQuotedToken(prop));
    else return null;
  }
  return path;
}

const ctxOf = (liquid: Liquid, state: RunState) => (state.ctx ??= new Context(state.scope, liquid.options, { sync: true }, { liquid }));

const isLiteral = (t: Token | undefined) => t !== undefined && (TypeGuards.isQuotedToken(t) || TypeGuards.isNumberToken(t) || TypeGuards.isLiteralToken(t));

type FilterFn = (value: unknown, state: RunState) => unknown;

/** A filter whose arguments are literals is called directly with them; others go through Liquid's Filter. */
function compileFilter(liquid: Liquid, filter: Filter): FilterFn {
  if (filter.name === OUTPUT_ESCAPE_FILTER_NAME) return (value) => htmlOutputEscape(value);
  const impl = liquid.filters[filter.name];
  const handler = typeof impl === 'function' ? impl : impl?.handler;
  const literal = filter.args.every((a) => (Array.isArray(a) ? isLiteral(a[1]) : isLiteral(a as Token)));
  if (!handler || !literal) return (value, state) => toValueSync(filter.render(value, ctxOf(liquid, state)));
  const scratch = new Context({}, liquid.options, { sync: true }, { liquid });
  const evalLiteral = (t: Token | undefined) => toValueSync(evalToken(t, scratch));
  const argv = filter.args.map((a) => (Array.isArray(a) ? [a[0], evalLiteral(a[1])] : evalLiteral(a as Token)));
  const token = (filter as unknown as { token: unknown }).token;
  return (value, state) => toValueSync(handler.apply({ context: ctxOf(liquid, state), token, liquid } as never, [value, ...argv]));
}

function outputPiece(liquid: Liquid, node: Output, shadowed: ReadonlySet<string>): Piece {
  const found = staticPath(node);
  const path = found && !shadowed.has(found[0]) ? found : null;
  const filters = node.value.filters.map((f) => compileFilter(liquid, f));
  return (state) => {
    try {
      let value = path ? lookup(state.scope, path) : MISS;
      if (value === MISS) value = toValueSync(node.value.initial.evaluate(ctxOf(liquid, state), false));
      for (const filter of filters) value = filter(value, state);
      return stringifyValue(toValue(value));
    } catch (err) {
      throw err instanceof RenderError ? err : new RenderError(err as Error, node);
    }
  };
}

function runPieces(pieces: readonly Piece[], state: RunState, slot: string): string {
  let out = '';
  for (const piece of pieces) out += typeof piece === 'string' ? piece : piece === SLOT ? slot : piece(state);
  return out;
}

/** `{% if %}` is the tag emails use most: its conditions go through Liquid, its branches are flattened too. */
function ifPiece(liquid: Liquid, node: IfTag, shadowed: ReadonlySet<string>): Piece {
  const branches = node.branches.map((b) => ({ value: b.value, pieces: flatten(liquid, b.templates, shadowed) }));
  const otherwise = flatten(liquid, node.elseTemplates ?? [], shadowed);
  return (state) => {
    const ctx = ctxOf(liquid, state);
    for (const branch of branches) {
      let test: unknown;
      try {
        test = toValue(toValueSync(branch.value.value(ctx, ctx.opts.lenientIf)));
      } catch (err) {
        throw err instanceof RenderError ? err : new RenderError(err as Error, node);
      }
      if (isTruthy(test, ctx)) return runPieces(branch.pieces, state, '');
    }
    return runPieces(otherwise, state, '');
  };
}

function flatten(liquid: Liquid, nodes: LiquidTemplate[], shadowed: ReadonlySet<string>): Piece[] {
  const pieces: Piece[] = [];
  for (const node of nodes) {
    let piece: Piece;
    if (node.token.kind === TokenKind.HTML) piece = liquid.renderSync([node], {}) as string;
    else if (node instanceof Output) piece = outputPiece(liquid, node, shadowed);
    else if (node instanceof IfTag) piece = ifPiece(liquid, node, shadowed);
    else piece = (state) => liquid.renderSync([node], ctxOf(liquid, state)) as string;
    const last = pieces.length - 1;
    if (typeof piece === 'string' && typeof pieces[last] === 'string') pieces[last] += piece;
    else pieces.push(piece);
  }
  return pieces;
}

/**
 * Flattens parsed nodes into pieces. Names the template assigns itself (assign, capture, increment) shadow
 * the contact's values, so outputs of those names are always resolved by Liquid.
 */
export function compileProgram(liquid: Liquid, nodes: LiquidTemplate[]): Program {
  const shadowed = new Set(Object.keys(liquid.analyzeSync(nodes, { partials: false }).locals));
  return { pieces: flatten(liquid, nodes, shadowed) };
}

/** Renders a program for one scope; every part gets its own Context, so limits apply per part. */
export function runProgram(program: Program, scope: Scope, slot = ''): string {
  return runPieces(program.pieces, { scope }, slot);
}

const BODY_OPEN = /<body\b[^>]*>/i;

/** Marks a slot right after `<body …>` when the static HTML has one, else at the very start. */
export function withSlotAfterBodyOpen(program: Program): Program {
  const pieces = [...program.pieces];
  const index = pieces.findIndex((p) => typeof p === 'string' && BODY_OPEN.test(p));
  if (index === -1) return { pieces: [SLOT, ...pieces] };
  const text = pieces[index] as string;
  const match = BODY_OPEN.exec(text)!;
  const cut = match.index + match[0].length;
  pieces.splice(index, 1, text.slice(0, cut), SLOT, text.slice(cut));
  return { pieces };
}
