import { levelOf } from './access.js';
import type { Route } from './api-routes.js';
import { ok, paged, sheetFor } from './route-helpers.js';
import { addComment, commentEvents, deleteComment, discussionsOf, editComment, type StoredComment } from './discussions.js';
import { errors } from './errors.js';

/**
 * Comments on rows (discussions.ts) over the API: GET /sheets/{id}/discussions and /rows/{rowId}/discussions (paged,
 * `include=comments`); POST a new thread on a row or the sheet, or a reply in a thread, by the token's user; PUT a comment's
 * new text (its author only); DELETE a comment. A
 * Viewer reads them and is refused the rest (403/1004). Each addition and deletion sends its webhook events.
 */
export const discussionRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/sheets\/(\d+)(?:\/rows\/(\d+))?\/discussions$/,
    handler: (ctx, req) => {
      const stored = sheetFor(ctx, req, req.params[0]);
      const rowId = req.params[1] === undefined ? undefined : Number(req.params[1]);
      if (rowId !== undefined && !stored.rows.some((r) => r.id === rowId)) throw errors.notFound(`Row not found: ${rowId}`);
      return paged(discussionsOf(stored, (req.query.get('include') ?? '').split(',').includes('comments'), rowId), req.query);
    },
  },
  {
    // A comment, by the token's user: a new thread on a row or on the sheet itself ({comment: {text}}), or a reply in a
    // thread ({text}).
    method: 'POST',
    pattern: /^\/sheets\/(\d+)\/(?:rows\/(\d+)\/discussions|discussions(?:\/(\d+)\/comments)?)$/,
    handler: (ctx, req) => {
      const stored = sheetFor(ctx, req, req.params[0]);
      if (levelOf(stored, req.grant) === 'VIEWER') throw errors.forbidden();
      const body = (req.body ?? {}) as { comment?: { text?: unknown }; text?: unknown };
      const by = { name: req.grant.name, email: req.grant.email };
      const commented = (comment: StoredComment) => {
        ctx.hooks.notify(stored.sheet.id, commentEvents(stored, comment.id, 'created', { userId: req.grant.userId, changeAgent: req.changeAgent }));
        ctx.state.changed();
        return stored.discussions!.find((d) => d.comments.includes(comment))!;
      };
      if (req.params[2] === undefined) {
        const rowId = req.params[1] === undefined ? undefined : Number(req.params[1]);
        const thread = commented(addComment(stored, { ...(rowId !== undefined ? { rowId } : {}), text: body.comment?.text, by }));
        return ok(discussionsOf(stored, true, rowId).find((d) => d.id === thread.id));
      }
      const thread = (stored.discussions ?? []).find((d) => d.id === Number(req.params[2]));
      if (!thread) throw errors.notFound(`Discussion not found: ${req.params[2]}`);
      const comment = addComment(stored, { ...(thread.rowId !== undefined ? { rowId: thread.rowId } : {}), text: body.text, by, discussionId: thread.id });
      commented(comment);
      return ok({ ...comment, discussionId: thread.id });
    },
  },
  {
    // A comment's new text ({text}), by its author only.
    method: 'PUT',
    pattern: /^\/sheets\/(\d+)\/comments\/(\d+)$/,
    handler: (ctx, req) => {
      const stored = sheetFor(ctx, req, req.params[0]);
      if (levelOf(stored, req.grant) === 'VIEWER') throw errors.forbidden();
      const comment = editComment(stored, Number(req.params[1]), (req.body as { text?: unknown } | undefined)?.text, req.grant);
      ctx.hooks.notify(stored.sheet.id, commentEvents(stored, comment.id, 'updated', { userId: req.grant.userId, changeAgent: req.changeAgent }));
      ctx.state.changed();
      return ok(comment);
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/sheets\/(\d+)\/comments\/(\d+)$/,
    handler: (ctx, req) => {
      const stored = sheetFor(ctx, req, req.params[0]);
      if (levelOf(stored, req.grant) === 'VIEWER') throw errors.forbidden();
      const commentId = Number(req.params[1]);
      const events = commentEvents(stored, commentId, 'deleted', { userId: req.grant.userId, changeAgent: req.changeAgent });
      deleteComment(stored, commentId);
      ctx.hooks.notify(stored.sheet.id, events);
      ctx.state.changed();
      return ok(undefined);
    },
  },
];
