/** Limits the browser checks before sending, as the functions do (no zod here: the web bundle reads this). */

/** The longest question or request a chat message may hold, in characters (after trimming). */
export const MESSAGE_MAX = 4000;

/** The most rows a question can be about by number: a grid selection sent with a message, a tool's `rowNumbers`. */
export const SELECTION_MAX_ROWS = 2000;
