/** The text with its first letter in capitals: a sentence that starts with a name built for mid-sentence ("row 4 (Beta)"). */
export const capitalise = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
