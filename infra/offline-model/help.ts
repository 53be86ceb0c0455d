/**
 * What the offline model says when it does not understand: that it is the offline model, and what it does understand —
 * with examples made from the sheet's own columns when the prompt lists them (a sales pipeline is not asked about
 * tasks and budgets), else from the sample project tracker.
 */
import { dueColumn, ownerColumn, type SchemaColumn } from './schema.js';

const INTRO = "I'm the **offline model** — a deterministic stand-in for Azure OpenAI that understands a small command language.";

/** Examples in the project tracker's words. */
const TRACKER = `${INTRO} Ask plainly — \`Which tasks owned by Dana are late, and what is their total budget?\` · \`how many high priority tasks are blocked\` · \`what is the average Budget by Owner\` · \`what changed this week?\` — or use its commands:
- \`how many rows where Status is Blocked\`
- \`total Budget by Owner\` · \`average Spent where Priority is High\` · \`count by Status\`
- \`show rows where Due Date is before 2026-12-01 sorted by Budget desc\` · then \`now only Q3\`
- \`which tasks are over budget?\` · \`how much budget is left?\` · \`what percentage of tasks are complete?\` · \`total Budget - Spent by Owner\` · \`increase Budget by 10% where Priority is High\`
- \`stats Budget\` · \`describe\` · \`show row 12\` · \`delete rows 7-9\`
- \`set Status to Complete where Task is Design review\` · \`mark every row where Status is Blocked as At Risk\` · \`set Status to Complete on row 5\` · \`set Due Date to next Friday on row 5\`
- \`add a row with Task = Write docs, Owner = dana@example.com\` (or \`… under Design review\`, \`… after row 3\`) · \`duplicate row 3\` · \`delete rows where Status is Cancelled\`
- \`move row 9 to the top\` · \`move row 9 under Design review\` · \`indent rows 6 and 7\` · \`move the completed tasks to Archive\` · \`copy row 3 to Archive\` · \`subtasks of Design review\` · \`total Budget by top-level row\`
- \`latest comments\` · \`comments on row 3\` · \`add a comment to row 5: waiting on legal\` · \`who changed Status on row 4\` · \`history of Budget for row 3\`
- \`add column Risk as PICKLIST\` · \`rename column Notes to Comments\` · \`sort by Due Date\` · \`undo\` · \`undo the last job\`
- bulk jobs: \`summarise Notes in 12 words into Summary\` · \`classify Notes into High/Medium/Low into Priority\` · \`sentiment of Notes into Mood as draft\` · \`bulk set Status to Complete where Done is true\` · \`bulk delete rows where Status is Cancelled\``;

const code = (text: string) => `\`${text}\``;

/** The help text, with examples in the words of the sheet whose columns are given. */
export function help(columns: SchemaColumn[]): string {
  const picklist = columns.find((c) => c.type === 'PICKLIST' && c.values.length >= 2);
  const number = columns.find((c) => c.numeric);
  const name = columns[0];
  if (!picklist || !number || !name) return TRACKER;
  const [option, other] = picklist.values as [string, string];
  const group = ownerColumn(columns)?.title ?? picklist.title;
  const date = dueColumn(columns)?.title;
  // A fill job reads a column of prose (notes, a description) into a summary column.
  const texts = columns.filter((c) => c.type === 'TEXT_NUMBER' && !c.numeric && c !== name).map((c) => c.title);
  const text = texts.find((t) => /notes|description|comments|details/i.test(t));
  const into = texts.find((t) => /summary/i.test(t));
  const line = (...examples: (string | undefined)[]) => `- ${examples.filter((e): e is string => Boolean(e)).map(code).join(' · ')}`;
  return [
    `${INTRO} Ask plainly — ${[`how many rows are ${option}`, `what is the average ${number.title} by ${group}`, `what percentage of rows are ${option}`, 'what changed this week?'].map(code).join(' · ')} — or use its commands:`,
    line(`how many rows where ${picklist.title} is ${option}`, `total ${number.title} by ${group}`, `average ${number.title} where ${picklist.title} is ${option}`, `count by ${picklist.title}`),
    line(`show rows where ${number.title} > 1000 sorted by ${number.title} desc`, date && `total ${number.title} by month of ${date}`, `top 5 by ${number.title}`),
    line(`stats ${number.title}`, 'describe', 'show row 12', 'delete rows 7-9'),
    line(`set ${picklist.title} to ${other} where ${picklist.title} is ${option}`, `set ${picklist.title} to ${other} on row 5`, date && `set ${date} to next Friday on row 5`, `increase ${number.title} by 10% where ${picklist.title} is ${option}`),
    line(`add a row with ${name.title} = New row`, `insert a row with ${name.title} = New row after row 3`, 'duplicate row 3', `delete rows where ${picklist.title} is ${option}`, date && `sort by ${date}`, 'undo', 'undo the last job'),
    line('move row 9 to the top', 'move row 9 under row 2', 'indent rows 6 and 7', `move rows where ${picklist.title} is ${option} to Archive`, 'top-level rows', `total ${number.title} by top-level row`),
    line('latest comments', 'comments on row 3', 'add a comment to row 5: waiting on legal', `who changed ${picklist.title} on row 4`, `history of ${number.title} for row 3`),
    line(text && into && `summarise ${text} in 12 words into ${into}`, `bulk set ${picklist.title} to ${other} where ${picklist.title} is ${option}`, `bulk delete rows where ${picklist.title} is ${option}`),
  ].join('\n');
}
