/**
 * A comment the app posts for a person is posted by the app's Smartsheet account, which a team shares: signed with the
 * person's name (their sign-in name), Smartsheet's readers can tell who wrote it. `COMMENT_SIGNATURE=off` posts the text
 * alone (a deployment whose Smartsheet token is the person's own).
 */
const SIGNED = /\n\n— [^\n]* \(via ChatSheetAI\)$/;

export function signed(text: string, author: string | undefined): string {
  return author ? `${text}\n\n— ${author} (via ChatSheetAI)` : text;
}

/** A signed comment's text as the person wrote it (what an edit starts from; the edit is signed again). */
export function unsigned(text: string): string {
  return text.replace(SIGNED, '');
}
