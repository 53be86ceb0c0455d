/** Limits the browser checks before sending, as the functions do (no zod here: the web bundle reads this). */

/** The longest question or request a chat message may hold, in characters (after trimming). */
export const MESSAGE_MAX = 4000;
