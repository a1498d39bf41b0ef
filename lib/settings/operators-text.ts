/**
 * The approved-operators box, local or shared with the team: one address per line or comma, blanks
 * dropped.
 */
export const parseOperators = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
