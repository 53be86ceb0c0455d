/**
 * The offline model's command language: plain-English commands mapped to tool
 * calls. Deterministic; documented in the README. Column names may contain
 * spaces; values may be quoted.
 */
import { describedRows, describeFilter, rowsPointedAt } from './conditions.js';
import { planFollowUp, type Previous } from './follow-ups.js';
import { planQuestion } from './questions.js';
import { checkboxSaid, columnTitled, dueColumn, isDate, optionSaid, ownerColumn, ownerSaid, type SchemaColumn } from './schema.js';
import { planLookup } from './lookups.js';
import { planShare } from './shares.js';
import { planAdjustment } from './adjustments.js';
import { isArithmetic, LAST_CHANGED, withArithmetic } from './arithmetic.js';
import { askedOfRows, ROW_LIST, rowNumberCommand, rowNumberList, rowsRead } from './row-numbers.js';
import { planJob } from './bulk-jobs.js';
import { movePlaced, planMove, PLACEMENT, type Placement } from './moves.js';
import { outlineGroup, planOutline } from './outline.js';
import { planComments } from './comments.js';
import { planCellHistory } from './cell-history.js';
import { descending, DIRECTION, parseFilter, parseValue, splitWhere, withOptionLists } from './filters.js';

export interface PlannedCall {
  name: string;
  args: Record<string, unknown>;
}

const METRIC: Record<string, string> = { total: 'sum', sum: 'sum', average: 'avg', avg: 'avg', mean: 'avg', min: 'min', minimum: 'min', max: 'max', maximum: 'max', median: 'median' };

function assignments(text: string): Record<string, unknown> {
  return Object.fromEntries(
    text.split(/\s*,\s*(?=[^,=]+=)/).map((pair) => {
      const [key, ...rest] = pair.split('=');
      return [key!.trim(), parseValue(rest.join('='))];
    }),
  );
}


/**
 * "add a task called Write the launch post owned by Mei Chen due next Friday", "add a deal named Contoso for Dana with
 * Stage = Lead": one row, its first column the name, the owner and due columns the person and day said, and any
 * "with" assignments (a day in words becomes its date later, as every written day does).
 */
function addNamed(text: string, columns: SchemaColumn[]): PlannedCall | undefined {
  const m = /^add\s+(?:a|an|one)\s+(?:new\s+)?(?:task|row|item|deal|entry|record|line|project)\s+(?:called|named|titled)\s+(.+?)(?:,?\s+(?:owned\s+by|assigned\s+to|for)\s+(.+?))?(?:,?\s+due\s+(?:on\s+|by\s+)?(.+?))?(?:,?\s+with\s+(.+))?$/i.exec(text);
  const primary = columns[0]?.title;
  if (!m || !primary) return undefined;
  const owner = m[2] && ownerColumn(columns)?.title;
  const due = m[3] && dueColumn(columns)?.title;
  if ((m[2] && !owner) || (m[3] && !due)) return undefined;
  const row = { [primary]: unquoted(m[1]!), ...(owner ? { [owner]: unquoted(m[2]!) } : {}), ...(due ? { [due]: parseValue(m[3]!) } : {}), ...(m[4] ? assignments(m[4]) : {}) };
  return { name: 'add_rows', args: { rows: [row] } };
}

const unquoted = (text: string) => text.trim().replace(/^["'“]|["'”]$/g, '');

/** Column types said in words: "a checkbox column", "a date column", "a dropdown column". */
const COLUMN_TYPE: Record<string, string> = { checkbox: 'CHECKBOX', date: 'DATE', dropdown: 'PICKLIST', picklist: 'PICKLIST', contact: 'CONTACT_LIST', text: 'TEXT_NUMBER', number: 'TEXT_NUMBER' };

/**
 * "add column Risk as PICKLIST", "add a checkbox column called Reviewed", "add a column Risk with options Low, Medium,
 * High" (a picklist of them): the title alone, never its type or options.
 */
function addColumn(t: string): PlannedCall | undefined {
  const m = new RegExp(String.raw`^add\s+(?:a\s+)?(?:new\s+)?(?:(${Object.keys(COLUMN_TYPE).join('|')})\s+)?column\s+(?:called\s+|named\s+)?(.+?)(?:\s+with\s+(?:the\s+)?(?:options|values|choices)\s+(.+?))?(?:\s+as\s+(?:an?\s+)?(\w+))?$`, 'i').exec(t);
  if (!m) return undefined;
  const options = m[3]?.split(/\s*,\s*|\s+(?:and|or)\s+/).map(unquoted).filter(Boolean);
  const type = (m[4] ? (COLUMN_TYPE[m[4].toLowerCase()] ?? m[4].toUpperCase()) : m[1] ? COLUMN_TYPE[m[1].toLowerCase()] : options?.length ? 'PICKLIST' : 'TEXT_NUMBER')!;
  return { name: 'add_column', args: { title: unquoted(m[2]!), type, ...(options?.length ? { options } : {}) } };
}

/**
 * An edit of rows pointed at (rowsPointedAt): "change the Owner of Plan vendor contracts to Mei Chen", "set Budget to
 * 5000 for Test onboarding emails", "mark Plan SSO login as complete" (an option of a picklist) or "as done" (a
 * checkbox, "as not done" unticked), "mark Dana's blocked
 * tasks as At Risk", "assign row 5 to Mei Chen" / "move Dana's blocked tasks to Mei" (the owner column), "move the blocked
 * tasks to In Progress" (an option).
 */
function namedRowEdit(t: string, columns: SchemaColumn[]): PlannedCall | undefined {
  const primary = columns[0]?.title;
  if (!primary) return undefined;
  const set = (column: string | undefined, value: unknown, name: string): PlannedCall | undefined => (column === undefined ? undefined : { name: 'update_cells', args: { set: { [column]: value }, ...rowsPointedAt(name, columns, primary) } });
  const titled = (words: string) => columnTitled(columns, words)?.title;
  // The column named first ("the Owner of X to Y"), else the value ("Budget to 5000 for X": a name may hold " to ").
  // Rows by number are read whole first: "set Status on rows 3 to 5 to Complete" is rows 3–5, not row 3 → "5 to Complete".
  const first = new RegExp(String.raw`^(?:set|change|update|make)\s+(.+?)\s+(?:of|for|on|in)\s+(${ROW_LIST})\s+to\s+(.+)$`, 'i').exec(t) ?? /^(?:set|change|update|make)\s+(.+?)\s+(?:of|for|on)\s+(.+?)\s+to\s+(.+)$/i.exec(t);
  // A quoted value is read whole: "waiting on vendor" holds an "on" that does not start the row's name.
  const second = /^(?:set|change)\s+(.+?)\s+(?:to|=)\s+("[^"]*"|“[^”]*”|.+?)\s+(?:for|on|in)\s+(.+)$/i.exec(t);
  const mark = /^mark\s+(.+?)\s+as\s+(.+)$/i.exec(t);
  const clear = /^(?:clear|empty|blank(?:\s+out)?)\s+(?:the\s+)?(.+?)\s+(?:of|for|on|in)\s+(.+)$/i.exec(t);
  const assign = /^(?:re)?assign\s+(.+?)\s+to\s+(.+)$/i.exec(t);
  // "move Dana's blocked tasks to Mei", "hand row 5 over to Lena": to someone the owner column holds, else to an option.
  const moved = /^(?:move|hand|give|transfer)\s+(.+?)\s+(?:over\s+)?to\s+(.+)$/i.exec(t);
  const owner = ownerColumn(columns);
  const someone = moved && ownerSaid(columns, moved[2]!);
  const option = moved && optionSaid(columns, moved[2]!);
  // "as At Risk" (an option), "as done" / "as not urgent" (a checkbox column, ticked or not).
  const marked = mark && (optionSaid(columns, mark[2]!) ?? checkboxSaid(columns, mark[2]!));
  // Never read as a question instead: a list of the rows would look like the edit done.
  if (mark && !marked && !/\bwhere\b/i.test(mark[1]!)) throw new Error(`I could not tell what "${mark[2]!.trim()}" sets: it is not an option of a dropdown column, nor a checkbox column. Say the column, like \`set ${columns.find((c) => c.type === 'PICKLIST')?.title ?? 'Status'} to … for ${mark[1]!.trim()}\`.`);
  return (
    (first && set(titled(first[1]!), parseValue(first[3]!), first[2]!)) ??
    (second && set(titled(second[1]!), parseValue(second[2]!), second[3]!)) ??
    (mark && set(marked?.column, marked?.value, mark[1]!)) ??
    (clear && set(titled(clear[1]!), null, clear[2]!)) ??
    (assign && set(owner?.title, parseValue(assign[2]!), assign[1]!)) ??
    (moved && someone ? set(owner?.title, parseValue(moved[2]!), moved[1]!) : undefined) ??
    (moved && option ? set(option.column, option.value, moved[1]!) : undefined) ??
    undefined
  );
}

/**
 * "add a row with Task = QA sign-off under Design review", "insert a task with Task = Kick-off above row 3": the rows,
 * where they go, and the row they go beside, named by its primary value or its number; "duplicate row 3", "copy Plan
 * SSO login": a copy of that row (`copy`), just below it; "move row 9 under Phase 1": the rows to move (`move`,
 * movePlaced). The offline model finds that row first (get_rows / query_rows), then proposes add_rows (or move_rows)
 * with its id.
 */
export function placedBeside(text: string, columns: SchemaColumn[]): { rows?: Record<string, unknown>[]; copy?: true; move?: Record<string, unknown>; how: Placement; primary: string; name: string; rowNumber?: number } | undefined {
  const t = text.trim().replace(/[.!]$/, '');
  const added = /^(?:add|insert)\s+(?:a\s+)?(?:new\s+)?(?:row|sub-?task|task)\s+with\s+(.+?)\s+(under|after|below|before|above)\s+(.+)$/i.exec(t);
  const copied = added ? undefined : /^(?:duplicate|copy|clone|make\s+a\s+copy\s+of)\s+(?:the\s+)?(.+)$/i.exec(t);
  const moving = added || copied ? undefined : movePlaced(t, columns);
  const said = added?.[3] ?? copied?.[1] ?? moving?.name;
  const primary = columns[0]?.title;
  if (!said || !primary) return undefined;
  const numbered = rowNumberList(said);
  const name = said.trim().replace(/^(?:the\s+row\s+|row\s+)/i, '').replace(/^["“']|["”']$/g, '');
  const what = added ? { rows: [assignments(added[1]!)], how: PLACEMENT[added[2]!.toLowerCase()]! } : moving ? { move: moving.move, how: moving.how } : { copy: true as const, how: 'after' as const };
  return { ...what, primary, name, ...(numbered?.length === 1 ? { rowNumber: numbered[0] } : {}) };
}

/**
 * Plans the tool calls for what the user wrote: a command of the language, else a
 * plain question (`questions.ts`); undefined when it is neither. `columns` is the
 * sheet's schema as the system prompt gives it.
 */
export function plan(text: string, previous?: Previous, columns: SchemaColumn[] = []): PlannedCall[] | undefined {
  const picklists = new Map(columns.filter((c) => c.type === 'PICKLIST').map((c) => [c.title.toLowerCase(), c.values]));
  const listed = (call: PlannedCall): PlannedCall => (call.args.filter ? { name: call.name, args: { ...call.args, filter: withOptionLists(call.args.filter, picklists) } } : call);
  return readCalls(text, previous, columns, planLookup)?.map((call) => withArithmetic(listed(call), columns));
}

/**
 * A command, else a share ("what percent of …"), else a plain question, else `lookup` — but not after a share asked of
 * something it cannot read: that gets the help text, not another reading.
 */
function readCalls(text: string, previous: Previous, columns: SchemaColumn[], lookup: (text: string, columns: SchemaColumn[]) => PlannedCall[] | undefined): PlannedCall[] | undefined {
  // A command; else a question asked of some rows by number, of those rows alone.
  const command = planCommand(text, previous, columns) ?? askedOfRows(text, (rest) => readCalls(rest, previous, columns, lookup));
  if (command) return command;
  const share = planShare(text, columns);
  if (share !== undefined) return share ?? undefined;
  return planQuestion(text, columns) ?? lookup(text, columns);
}

/**
 * How a plain question or a follow-up was read ("Owner contains "Dana", Due Date is before today"); for a command, only
 * the rows it was told of in words ("mark Dana's blocked tasks as At Risk") — one with "where" is read as written.
 */
export function reading(text: string, previous: Previous, columns: SchemaColumn[]): string | undefined {
  try {
    const command = planCommand(text, undefined, columns);
    const described = command?.length === 1 && ['update_cells', 'delete_rows', 'start_job'].includes(command[0]!.name) && command[0]!.args.filter !== undefined && !/\bwhere\b/i.test(text);
    if (command && !described) return undefined;
    // What plan() reads (the command just planned, if any); a lookup of one row's value says in its answer what it looked
    // up (a total still says how it read).
    const calls = command ?? readCalls(text, previous, columns, (t, c) => planLookup(t, c)?.filter((call) => call.name === 'aggregate'));
    const computed = ((calls?.[0]?.args.computed as { name: string; expression: string }[] | undefined) ?? []).filter((c) => c.name !== c.expression);
    const split = ((calls?.[0]?.args.groupBy as unknown[] | undefined) ?? []).flatMap((g) => (typeof g === 'object' && g && 'filter' in g ? [g as { name: string; filter: unknown }] : []));
    const rates = ((calls?.[0]?.args.metrics as { where?: unknown; name?: string }[] | undefined) ?? []).filter((m) => m.where);
    const conditionsNamed = [...split, ...rates.map((m) => ({ name: m.name ?? 'matching', filter: m.where }))];
    // A condition named by itself ("Done is true") is a split by whether it holds, not a definition ("X = X").
    const selfNamed = conditionsNamed.filter((g) => g.name === describeFilter(g.filter));
    const defined = conditionsNamed.filter((g) => !selfNamed.includes(g));
    const worked = [...computed.map((c) => `${c.name} = ${c.expression}`), ...defined.map((g) => `${g.name} = ${describeFilter(g.filter)}`)].map((part) => `${part}, `).join('');
    // The grouping too: a question whose "by month" was not read says "all rows" alone, for the person to see.
    // (A group by a condition is said above, with its condition.)
    const groups = ((calls?.[0]?.args.groupBy as (string | { column?: string; bucket?: string })[] | undefined) ?? []).flatMap((g) => (typeof g === 'string' ? [g] : g.bucket ? [`${g.bucket} of ${g.column}`] : []));
    const dated = (title: string) => title === LAST_CHANGED || columns.some((c) => c.title === title && isDate(c));
    const order = Array.isArray(calls?.[0]?.args.sort) ? (calls[0]!.args.sort as { column: string; direction?: string }[]).map((s) => `${s.column}${s.direction === 'desc' ? (dated(s.column) ? ', latest first' : ', highest first') : ''}`) : [];
    const how = [...(groups.length ? [`by ${groups.join(' and ')}`] : []), ...selfNamed.map((g) => `by whether ${g.name}`), ...(order.length ? [`sorted by ${order.join(', then ')}`] : [])];
    return calls?.[0] && `I read this as: ${worked}${rowsRead(calls[0].args, describeFilter)}${how.map((h) => `; ${h}`).join('')}.`;
  } catch {
    return undefined;
  }
}

function planCommand(text: string, previous: Previous, columns: SchemaColumn[]): PlannedCall[] | undefined {
  const t = text.trim().replace(/[?.!]+$/, '');
  // A column the sheet has, or arithmetic over its columns ("Budget - Spent": a computed column).
  const known = (title: string) => !columns.length || columns.some((c) => c.title.toLowerCase() === title.toLowerCase()) || isArithmetic(title, columns);
  let m: RegExpExecArray | null;
  if (/^(describe|describe the sheet|what columns.*|columns|summari[sz]e (?:the |this )?sheet|(?:give me )?(?:an? )?(?:overview|summary) of (?:the |this )?sheet|(?:sheet )?overview|what(?:'s|’s| is) in (?:the |this )?sheet)$/i.test(t)) return [{ name: 'describe_sheet', args: {} }];
  const followed = previous === undefined ? undefined : planFollowUp(t, previous, columns, (own) => plan(own, undefined, columns));
  if (followed) return followed;
  const outlined = planOutline(t, columns);
  if (outlined) return [outlined];
  const history = planCellHistory(t, columns);
  if (history) return [history];
  const comments = planComments(t, columns, text);
  if (comments) return [comments];
  if ((m = /^(?:how many rows|how many|count rows|count)(?:\s+(?:are there|rows))?(?:\s+where\s+(.+))?$/i.exec(t)) && !/^count by/i.test(t)) {
    return [{ name: 'aggregate', args: { metrics: [{ fn: 'count' }], ...(m[1] ? { filter: parseFilter(m[1]) } : {}) } }];
  }
  if ((m = /^count by\s+(.+?)(?:\s+where\s+(.+))?$/i.exec(t))) {
    const outline = outlineGroup(m[1]!, columns);
    return [{ name: 'aggregate', args: { ...(outline ? { computed: [outline] } : {}), groupBy: [outline?.name ?? m[1]!.trim()], metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'desc' }, ...(m[2] ? { filter: parseFilter(m[2]) } : {}) } }];
  }
  // "give me a status summary", "a breakdown by Priority", "Stage breakdown": the rows counted by that column.
  m = /^(?:give me |show(?: me)? )?(?:an? |the )?(?:(.+?)\s+(?:summary|breakdown)|(?:summary|breakdown)\s+(?:of|by)\s+(?:the\s+)?(.+?))$/i.exec(t);
  const summarised = m && columnTitled(columns, (m[1] ?? m[2])!);
  if (summarised) return [{ name: 'aggregate', args: { groupBy: [summarised.title], metrics: [{ fn: 'count' }], sort: { by: 'count', direction: 'desc' } } }];
  if ((m = /^(total|sum|average|avg|mean|min|minimum|max|maximum|median)\s+(?:of\s+)?(.+?)(?:\s+by\s+(.+?))?(?:\s+where\s+(.+))?$/i.exec(t))) {
    const fn = METRIC[m[1]!.toLowerCase()]!;
    // As the sheet spells it: the answer's heading says "avg(Win Chance)", not the words as typed.
    const column = columnTitled(columns, m[2]!)?.title ?? m[2]!.trim();
    const outline = m[3] ? outlineGroup(m[3], columns) : undefined;
    const groupBy = outline ? [outline.name] : m[3] ? [bucketed(m[3].trim())] : [];
    // "total budget of tasks owned by Dana" is a question, not "total <column> by <column>".
    if (!known(column) || (!outline && groupBy.some((g) => !known(typeof g === 'string' ? g : g.column)))) return undefined;
    return [{ name: 'aggregate', args: { ...(outline ? { computed: [outline] } : {}), metrics: [{ fn, column }], groupBy, ...(groupBy.length ? { sort: { by: `${fn}(${column})`, direction: 'desc' } } : {}), ...(m[4] ? { filter: parseFilter(m[4]) } : {}) } }];
  }
  if ((m = /^(?:stats|statistics|distribution)\s+(?:of\s+|for\s+)?(.+?)(?:\s+where\s+(.+))?$/i.exec(t))) {
    return [{ name: 'column_stats', args: { column: m[1]!.trim(), ...(m[2] ? { filter: parseFilter(m[2]) } : {}) } }];
  }
  const adjusted = planAdjustment(t, columns);
  if (adjusted) return [adjusted];
  const job = planJob(t, columns);
  if (job) return [job];
  if ((m = /^set\s+(.+?)\s+(?:to|=)\s+(.+?)\s+where\s+(.+)$/i.exec(t))) {
    return [{ name: 'update_cells', args: { set: { [m[1]!.trim()]: parseValue(m[2]!) }, filter: parseFilter(m[3]) } }];
  }
  if ((m = /^(?:clear|empty)\s+(?:the\s+)?(.+?)\s+(?:of\s+|on\s+|in\s+)?(?:every\s+row\s+|all\s+rows\s+|rows\s+)?where\s+(.+)$/i.exec(t))) {
    return [{ name: 'update_cells', args: { set: { [m[1]!.trim()]: null }, filter: parseFilter(m[2]) } }];
  }
  if ((m = /^(?:mark|change)\s+(?:every\s+row|all\s+rows|rows)\s+where\s+(.+?)\s+as\s+(.+)$/i.exec(t))) {
    const filter = parseFilter(m[1]) as { column?: string };
    return [{ name: 'update_cells', args: { set: { [filter.column ?? 'Status']: parseValue(m[2]!) }, filter } }];
  }
  const byNumber = rowNumberCommand(t);
  if (byNumber) return [byNumber];
  const moved = planMove(t, columns);
  if (moved) return [moved];
  const edit = namedRowEdit(t, columns);
  if (edit) return [edit];
  const placed = placedBeside(t, columns);
  if (placed?.rowNumber) return [{ name: 'get_rows', args: { rowNumbers: [placed.rowNumber], select: [placed.primary] } }];
  if (placed) return [{ name: 'query_rows', args: { filter: { column: placed.primary, op: 'eq', value: placed.name }, select: [placed.primary], limit: 2 } }];
  if ((m = /^add\s+(?:a\s+)?row\s+with\s+(.+)$/i.exec(t))) return [{ name: 'add_rows', args: { rows: [assignments(m[1]!)] } }];
  const adding = addNamed(t, columns);
  if (adding) return [adding];
  if ((m = /^delete\s+(?:the\s+)?rows?\s+where\s+(.+)$/i.exec(t))) return [{ name: 'delete_rows', args: { filter: parseFilter(m[1]) } }];
  const added = addColumn(t);
  if (added) return [added];
  if ((m = /^rename\s+(?:the\s+)?column\s+(.+?)\s+to\s+(.+)$/i.exec(t))) return [{ name: 'update_column', args: { column: m[1]!.trim(), title: unquoted(m[2]!) } }];
  // "rename the Notes column to Comments", "rename Notes to Comments": a column the sheet has.
  const renamed = (m = /^rename\s+(?:the\s+)?(.+?)(?:\s+column)?\s+to\s+(.+)$/i.exec(t)) ? columnTitled(columns, m[1]!) : undefined;
  if (renamed) return [{ name: 'update_column', args: { column: renamed.title, title: unquoted(m![2]!) } }];
  if ((m = /^(?:delete|remove)\s+(?:the\s+)?column\s+(.+)$/i.exec(t))) return [{ name: 'delete_column', args: { column: m[1]!.trim() } }];
  // "remove the Summary column": a column the sheet has, named before the word.
  const named = (m = /^(?:delete|remove)\s+(?:the\s+)?(.+?)\s+column$/i.exec(t)) ? columns.find((c) => c.title.toLowerCase() === m![1]!.trim().toLowerCase()) : undefined;
  if (named) return [{ name: 'delete_column', args: { column: named.title } }];
  // "delete the cancelled tasks", "remove all of Dana's completed tasks": rows by what holds for them.
  // Not "remove the blocked tasks column": a column the sheet does not have is no rows to delete.
  const described = (m = /^(?:delete|remove)\s+(?:all\s+(?:of\s+)?)?(.+)$/i.exec(t)) && !/\bcolumns?$/i.test(t) ? describedRows(m[1]!, columns) : undefined;
  if (described) return [{ name: 'delete_rows', args: { filter: described } }];
  if ((m = /^sort\s+(?:the\s+sheet\s+|rows\s+)?by\s+(.+?)(?:\s+(asc|ascending|desc|descending))?$/i.exec(t))) {
    return [{ name: 'sort_rows', args: { sort: [{ column: m[1]!.trim(), direction: /^desc/i.test(m[2] ?? '') ? 'desc' : 'asc' }] } }];
  }
  if (/^(undo|undo that|revert( that)?|undo the last change)$/i.test(t)) return [{ name: 'revert_change_set', args: {} }];
  if (/^(undo|revert) (the )?(last )?(bulk )?job$/i.test(t)) return [{ name: 'undo_job', args: {} }];
  if ((m = /^(?:show|list|find|get|which|rows)(?:\s+(?:me\s+)?(?:the\s+)?(?:rows|tasks|items))?(.*)$/i.exec(t))) {
    let rest = m[1]!.trim();
    const args: Record<string, unknown> = { limit: 20 };
    const limit = /\s*limit\s+(\d+)\s*$/i.exec(rest);
    if (limit) {
      args.limit = Number(limit[1]);
      rest = rest.slice(0, limit.index);
    }
    const sort = new RegExp(String.raw`\s*sorted\s+by\s+(.+?)(?:,?\s+${DIRECTION})?\s*$`, 'i').exec(rest);
    if (sort) {
      args.sort = [{ column: sort[1]!.trim(), direction: descending(sort[2]) ? 'desc' : 'asc' }];
      rest = rest.slice(0, sort.index);
    }
    const [, where] = splitWhere(` ${rest}`);
    if (where) args.filter = parseFilter(where);
    else if (rest && !/^(all)?$/i.test(rest)) return undefined;
    return [{ name: 'query_rows', args }];
  }
  return undefined;
}

function bucketed(text: string): string | { column: string; bucket: string } {
  const m = /^(day|week|month|quarter|year)\s+of\s+(.+)$/i.exec(text) ?? /^(.+?)\s+\((day|week|month|quarter|year)\)$/i.exec(text);
  if (!m) return text;
  return /^(day|week|month|quarter|year)$/i.test(m[1]!) ? { column: m[2]!.trim(), bucket: m[1]!.toLowerCase() } : { column: m[1]!.trim(), bucket: m[2]!.toLowerCase() };
}

