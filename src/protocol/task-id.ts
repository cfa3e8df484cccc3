/** Types only, importing nothing: the answer and recording types name a task without its presentation. */

/**
 * A task's id: `language-model`, `classification`, `forecasting`, … — one per folder of
 * `src/tasks/`. A plain string so a new task plugs in by registering; the registry checks it.
 */
export type TaskId = string;
