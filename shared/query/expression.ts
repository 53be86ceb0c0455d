import { QueryError } from './filter.js';
import type { Computed } from './query-types.js';

/**
 * The expression language of computed columns (see computed.ts): Smartsheet's arithmetic — + - * / and parentheses
 * over column titles ([in brackets] when a title holds an operator; `@row` is allowed after them), numbers,
 * TODAY() and MODIFIED() (the day the row last changed, as Smartsheet's Modified column shows it) — read into a tree;
 * and the row's place in the outline: LEVEL() (how deep it is indented), PARENT() and TOP() (the first column of the
 * row it is indented under, and of its top-level row). Column titles are resolved when the expression is worked out,
 * against the sheet.
 */

/** The functions an expression may call, none with arguments. */
const FUNCTIONS = ['today', 'modified', 'level', 'parent', 'top'] as const;
/** The functions whose value is text (a row's first column): a computed column of their own, never arithmetic. */
export const TEXT_FUNCTIONS: ReadonlySet<string> = new Set(['parent', 'top']);
type Call = (typeof FUNCTIONS)[number];

export type Node = { kind: 'number'; value: number } | { kind: 'column'; title: string } | { kind: Call } | { kind: 'negate'; of: Node } | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Node; right: Node };

type Token = { at: number } & ({ t: 'number'; value: number } | { t: 'column'; title: string } | { t: 'call'; name: Call } | { t: 'op'; op: '+' | '-' | '*' | '/' | '(' | ')' });

const CALL = new RegExp(`^(${FUNCTIONS.join('|')})\\s*\\(\\s*\\)`, 'i');

/**
 * What an expression over MODIFIED() reads: the row as a whole — a change to any of its cells counts (see
 * computedSources).
 */
export const WHOLE_ROW = '*';

const OPERATORS = '+-*/()';

/** The expression's tokens; a run of other characters is a column title (or a number when it is one). */
function tokens(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (OPERATORS.includes(ch)) {
      out.push({ at: i, t: 'op', op: ch as '+' });
      i++;
    } else if (ch === '[') {
      const end = text.indexOf(']', i);
      if (end < 0) throw new QueryError(`An unclosed "[" at character ${i + 1} of "${text}".`);
      out.push({ at: i, t: 'column', title: text.slice(i + 1, end) });
      i = end + 1;
      if (/^@row\b/i.test(text.slice(i))) i += 4;
    } else if (CALL.test(text.slice(i))) {
      const call = CALL.exec(text.slice(i))!;
      out.push({ at: i, t: 'call', name: call[1]!.toLowerCase() as Call });
      i += call[0].length;
    } else {
      let end = i;
      while (end < text.length && !OPERATORS.includes(text[end]!) && text[end] !== '[') end++;
      const word = text.slice(i, end).trim();
      const number = /^\d+(?:\.\d+)?$|^\.\d+$/.test(word) ? Number(word) : undefined;
      out.push(number !== undefined ? { at: i, t: 'number', value: number } : { at: i, t: 'column', title: word.replace(/@row$/i, '').trim() });
      i = end;
    }
  }
  return out;
}

/** Parses an expression (precedence: unary minus, then * /, then + -; left to right). */
export function parseExpression(text: string): Node {
  const list = tokens(text);
  let pos = 0;
  const fail = (why: string): never => {
    throw new QueryError(`Cannot read the expression "${text}": ${why}.`);
  };
  const isOp = (op: string) => {
    const token = list[pos];
    return token?.t === 'op' && token.op === op;
  };
  const primary = (): Node => {
    const token = list[pos++];
    if (!token) return fail('it ends where a value was expected');
    if (token.t === 'number') return { kind: 'number', value: token.value };
    if (token.t === 'column') return token.title ? { kind: 'column', title: token.title } : fail(`an empty column title at character ${token.at + 1}`);
    if (token.t === 'call') return { kind: token.name };
    if (token.op === '-') return { kind: 'negate', of: primary() };
    if (token.op !== '(') return fail(`"${token.op}" at character ${token.at + 1} where a value was expected`);
    const inner = sum();
    if (!isOp(')')) fail('a "(" is not closed');
    pos++;
    return inner;
  };
  /** Operands of `next` joined left to right by any of `ops`. */
  const chain =
    (next: () => Node, ops: string) =>
    (): Node => {
      let node = next();
      for (let token = list[pos]; token?.t === 'op' && ops.includes(token.op); token = list[pos]) {
        pos++;
        node = { kind: 'binary', op: token.op as '+' | '-' | '*' | '/', left: node, right: next() };
      }
      return node;
    };
  const product = chain(primary, '*/');
  const sum = chain(product, '+-');
  const node = sum();
  if (pos < list.length) fail(`unexpected ${describe(list[pos]!)} at character ${list[pos]!.at + 1}`);
  return node;
}

const describe = (token: Token) => (token.t === 'op' ? `"${token.op}"` : token.t === 'number' ? String(token.value) : token.t === 'call' ? `${token.name.toUpperCase()}()` : `"${token.title}"`);

/** The column titles an expression reads (WHOLE_ROW for MODIFIED(), and for the outline: a move changes it). */
function titlesIn(node: Node): string[] {
  switch (node.kind) {
    case 'column':
      return [node.title];
    case 'modified':
    case 'level':
    case 'parent':
    case 'top':
      return [WHOLE_ROW];
    case 'negate':
      return titlesIn(node.of);
    case 'binary':
      return [...titlesIn(node.left), ...titlesIn(node.right)];
    default:
      return [];
  }
}

/**
 * The sheet columns each computed column reads, by its name in lower case (through the computed columns before it):
 * what an answer over "Remaining" was worked out from; WHOLE_ROW when it reads when the row last changed. Expressions
 * that do not parse read nothing.
 */
export function computedSources(computed: readonly Computed[] | undefined): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  for (const c of computed ?? []) {
    let titles: string[];
    try {
      titles = titlesIn(parseExpression(c.expression));
    } catch {
      titles = [];
    }
    sources.set(c.name.trim().toLowerCase(), [...new Set(titles.flatMap((t) => sources.get(t.toLowerCase()) ?? [t]))]);
  }
  return sources;
}
