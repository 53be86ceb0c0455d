import { z } from 'zod';
import { COLUMN_TYPES } from '../sheet/smartsheet-json.js';
import { computedBriefSchema, filterSchema, rowNumbersSchema, setComputedSchema, SETS_SOMETHING, sortSchema } from '../query/query-types.js';

/**
 * The write tools the model can call. None of them writes: each builds a change
 * set (a diff) that the person approves or rejects. Their schemas live here so
 * the browser can show what a proposal means; building happens on the server.
 */
const cellValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);
const rowSelection = {
  filter: filterSchema.optional().describe('Which rows (a query_rows filter)'),
  computed: computedBriefSchema.optional(),
  rowIds: z.array(z.number().int()).min(1).max(2000).optional().describe('Or exact row ids'),
  rowNumbers: rowNumbersSchema.optional(),
};
/** Exactly one way of choosing rows: two at once would leave which one counts to a guess. */
const oneSelection = (a: { filter?: unknown; rowIds?: unknown; rowNumbers?: unknown }) => [a.filter, a.rowIds, a.rowNumbers].filter((x) => x !== undefined).length === 1;
const ONE_SELECTION = 'give exactly one of "filter", "rowIds" or "rowNumbers"';

export const writeToolSchemas = {
  update_cells: z
    .object({
      ...rowSelection,
      set: z.record(z.string(), cellValue).default({}).describe('Column title → new value (null clears)'),
      setComputed: setComputedSchema,
    })
    .strict()
    .refine(oneSelection, ONE_SELECTION)
    .refine(...SETS_SOMETHING),
  add_rows: z
    .object({
      rows: z.array(z.record(z.string(), cellValue)).min(1).max(500).optional().describe('Each row: column title → value (with copyOf: what each copy has instead)'),
      copyOf: z.number().int().optional().describe('Row id to copy (its values and cell formulas; not calculated or locked columns): the copies go just below it unless placed otherwise'),
      under: z.number().int().optional().describe('Row id to add the rows indented under (a task under a phase); at the end of the sheet when absent'),
      after: z.number().int().optional().describe('Row id to add the rows just below, at its level (below the rows indented under it)'),
      before: z.number().int().optional().describe('Row id to add the rows just above, at its level'),
    })
    .strict()
    .refine((a) => [a.under, a.after, a.before].filter((x) => x !== undefined).length <= 1, { message: 'give one of "under", "after" and "before" (or none: at the end of the sheet)' })
    .refine((a) => a.rows !== undefined || a.copyOf !== undefined, { message: 'give "rows", or "copyOf" (a row to copy)', path: ['rows'] }),
  move_rows: z
    .object({
      ...rowSelection,
      to: z.enum(['top', 'bottom']).optional().describe('The top or the bottom of the sheet'),
      under: z.number().int().optional().describe('Row id to indent the rows under (after the rows under it already)'),
      after: z.number().int().optional().describe('Row id to put the rows just below, at its level (below the rows indented under it)'),
      before: z.number().int().optional().describe('Row id to put the rows just above, at its level'),
      indent: z.literal(true).optional().describe('Indent each row under the row above it at its level'),
      outdent: z.literal(true).optional().describe('Outdent each row one level where it stands, as Smartsheet does: the rows below it at its old level go under it'),
      toSheet: z.string().trim().min(1).max(200).optional().describe("Another sheet's name (or id): the rows go to its bottom, out of this sheet"),
      copy: z.literal(true).optional().describe('With toSheet: copy the rows there, keeping them here'),
    })
    .strict()
    .refine(oneSelection, ONE_SELECTION)
    .refine((a) => [a.to, a.under, a.after, a.before, a.indent, a.outdent, a.toSheet].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of "to", "under", "after", "before", "indent", "outdent" and "toSheet"' })
    .refine((a) => !a.copy || a.toSheet !== undefined, { message: '"copy" goes with "toSheet" (the sheet to copy the rows to)', path: ['copy'] }),
  delete_rows: z
    .object(rowSelection)
    .strict()
    .refine(oneSelection, ONE_SELECTION),
  add_column: z
    .object({
      title: z.string().min(1).max(255),
      type: z.enum(COLUMN_TYPES.filter((t) => t !== 'PREDECESSOR') as [string, ...string[]]).default('TEXT_NUMBER'),
      options: z.array(z.string()).optional(),
      index: z.number().int().min(0).optional(),
    })
    .strict(),
  update_column: z.object({ column: z.string().min(1), title: z.string().min(1).max(255).optional(), options: z.array(z.string()).optional() }).strict(),
  delete_column: z.object({ column: z.string().min(1) }).strict(),
  sort_rows: z.object({ sort: sortSchema.min(1) }).strict(),
  add_comment: z
    .object({
      ...rowSelection,
      text: z.string().trim().min(1).max(4000).describe('The comment'),
    })
    .strict()
    .refine(oneSelection, ONE_SELECTION),
  revert_change_set: z.object({ changeSetId: z.string().optional().describe('The change set to undo; the latest applied one when absent') }).strict(),
} as const;

export type WriteToolName = keyof typeof writeToolSchemas;

export const writeToolDescriptions: Record<WriteToolName, string> = {
  update_cells: 'Propose setting column values on rows chosen by a filter, row ids, or the row numbers the user sees — a value, or one worked out per row from the row (setComputed: raise Budget 10%, move Due Date a week). Creates a change set the user must approve; nothing is written now.',
  add_rows: 'Propose adding rows: at the end of the sheet, indented under a row ("under": its row id), or just below or above a row at its level ("after" / "before": its row id). To duplicate a row: "copyOf" its row id (the copy goes just below it; "rows" changes what a copy holds). Creates a change set the user must approve.',
  move_rows: 'Propose moving rows (chosen by a filter, row ids, or the row numbers the user sees), each with the rows indented under it: to the top or bottom of the sheet, indented under a row ("under"), just below or above a row at its level ("after" / "before"), or indented / outdented one level where they stand; or to another sheet ("toSheet", with "copy" to keep them here). Creates a change set the user must approve; undo puts the rows back where they were.',
  delete_rows: 'Propose deleting rows chosen by a filter, row ids, or the row numbers the user sees. Creates a change set the user must approve.',
  add_column: 'Propose adding a column. Creates a change set the user must approve.',
  update_column: 'Propose renaming a column or changing its options. Creates a change set the user must approve.',
  delete_column: 'Propose deleting a column (not the primary one). Creates a change set the user must approve.',
  sort_rows: 'Propose sorting the sheet rows. Creates a change set the user must approve.',
  add_comment: 'Propose adding a comment (a new thread) to each chosen row — rows by a filter, row ids, or the numbers the user sees. Creates a change set the user must approve; undo deletes the comments.',
  revert_change_set: 'Propose undoing an applied change set (the latest when no id is given).',
};

export const isWriteTool = (name: string): name is WriteToolName => name in writeToolSchemas;
