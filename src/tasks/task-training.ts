/** The training half of a task definition (see types.ts). */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in as the task code moves here
export interface TaskTraining {}
