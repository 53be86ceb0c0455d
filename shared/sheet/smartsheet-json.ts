/**
 * Smartsheet API 2.0 JSON shapes (the subset we read and write), as documented.
 * Shared by the emulator, the adapter and the browser.
 */
export const COLUMN_TYPES = [
  'TEXT_NUMBER',
  'CHECKBOX',
  'PICKLIST',
  'DATE',
  'DATETIME',
  'ABSTRACT_DATETIME',
  'CONTACT_LIST',
  'MULTI_CONTACT_LIST',
  'MULTI_PICKLIST',
  'DURATION',
  'PREDECESSOR',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ContactObject {
  objectType: 'CONTACT';
  email?: string;
  name?: string;
}

export type ObjectValue =
  | ContactObject
  | { objectType: 'MULTI_CONTACT'; values: ContactObject[] }
  | { objectType: 'MULTI_PICKLIST'; values: string[] }
  | { objectType: string; [key: string]: unknown };

export interface SmartsheetColumn {
  id: number;
  index: number;
  title: string;
  type: ColumnType;
  primary?: true;
  options?: string[];
  hidden?: boolean;
  systemColumnType?: string;
  formula?: string;
  validation?: boolean;
  width?: number;
  /** Smartsheet's format descriptor ("Cell formatting" in its API guide); cells' `displayValue` follows it. */
  format?: string;
  /** Locked by the sheet's owner or an admin; `lockedForUser`: locked for the token's user (an editor, not an admin). */
  locked?: boolean;
  lockedForUser?: boolean;
}

export interface SmartsheetCell {
  columnId: number;
  value?: string | number | boolean;
  displayValue?: string;
  formula?: string;
  objectValue?: ObjectValue;
  strict?: boolean;
}

export interface SmartsheetRow {
  id: number;
  sheetId: number;
  rowNumber: number;
  parentId?: number;
  siblingId?: number;
  version?: number;
  expanded?: boolean;
  createdAt: string;
  modifiedAt: string;
  /** Locked by the sheet's owner or an admin; `lockedForUser`: locked for the token's user (an editor, not an admin). */
  locked?: boolean;
  lockedForUser?: boolean;
  cells: SmartsheetCell[];
}

export interface SmartsheetSheet {
  id: number;
  name: string;
  version: number;
  totalRowCount: number;
  accessLevel: string;
  permalink: string;
  createdAt: string;
  modifiedAt: string;
  columns: SmartsheetColumn[];
  rows: SmartsheetRow[];
}

export interface SmartsheetError {
  errorCode: number;
  message: string;
  refId: string;
  detail?: unknown;
}

/** A discussion as Smartsheet answers it (`include=comments`): on a row (`parentType: ROW`) or the sheet. */
export interface SmartsheetDiscussion {
  id: number;
  parentId?: number;
  parentType?: string;
  title?: string;
  commentCount?: number;
  lastCommentedAt?: string;
  comments?: { id: number; text?: string; createdAt?: string; createdBy?: { name?: string; email?: string }; discussionId?: number }[];
}

/** One of a cell's past values (Get cell history; newest first): what it held, who wrote it and when. */
export interface SmartsheetCellHistory extends SmartsheetCell {
  columnType?: string;
  modifiedAt?: string;
  modifiedBy?: { name?: string; email?: string };
}
