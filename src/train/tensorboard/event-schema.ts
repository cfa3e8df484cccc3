/**
 * The protobuf messages of a TensorBoard event file, built with protobufjs from a schema holding only the
 * fields we write. Names and field numbers are TensorFlow's published ones:
 *   tensorflow/core/util/event.proto        — Event {wall_time = 1, step = 2, file_version = 3,
 *                                              summary = 5, session_log = 7}, SessionLog {status = 1, msg = 3}
 *   tensorflow/core/framework/summary.proto — Summary {value = 1}, Summary.Value {tag = 1, simple_value = 2}
 * (https://github.com/tensorflow/tensorflow). A field we leave out is one a reader never sees from us, so
 * leaving it out cannot misplace another.
 */

import * as protobuf from 'protobufjs/light';

const schema: protobuf.INamespace = {
  nested: {
    tensorflow: {
      nested: {
        Event: {
          oneofs: { what: { oneof: ['fileVersion', 'summary', 'sessionLog'] } },
          fields: {
            wallTime: { type: 'double', id: 1 },
            step: { type: 'int64', id: 2 },
            fileVersion: { type: 'string', id: 3 },
            summary: { type: 'Summary', id: 5 },
            sessionLog: { type: 'SessionLog', id: 7 },
          },
        },
        SessionLog: {
          fields: { status: { type: 'SessionStatus', id: 1 }, msg: { type: 'string', id: 3 } },
          nested: { SessionStatus: { values: { STATUS_UNSPECIFIED: 0, START: 1, STOP: 2, CHECKPOINT: 3 } } },
        },
        Summary: {
          fields: { value: { rule: 'repeated', type: 'Value', id: 1 } },
          nested: {
            Value: {
              oneofs: { value: { oneof: ['simpleValue'] } },
              fields: { tag: { type: 'string', id: 1 }, simpleValue: { type: 'float', id: 2 } },
            },
          },
        },
      },
    },
  },
};

const eventType = protobuf.Root.fromJSON(schema).lookupType('tensorflow.Event');

/** The version string TensorBoard expects in a file's first event. */
export const FILE_VERSION = 'brain.Event:2';

/**
 * SessionLog.SessionStatus.START. TensorBoard treats every START after a run's first as a restart and
 * drops the points it has read at this step or later (the steps a resumed run trains again).
 */
const SESSION_START = 1;

export interface Scalar {
  tag: string;
  value: number;
}

/** The event opening every file. */
export function fileVersionEvent(wallTime: number): Uint8Array {
  return encodeEvent({ wallTime, step: 0, fileVersion: FILE_VERSION });
}

/** A training session starting; `step` is the first step it writes. */
export function sessionStartEvent(wallTime: number, step: number): Uint8Array {
  return encodeEvent({ wallTime, step, sessionLog: { status: SESSION_START } });
}

/** One event carrying every scalar of one step (TensorBoard reads each Summary.Value as a point of its tag). */
export function scalarsEvent(wallTime: number, step: number, scalars: readonly Scalar[]): Uint8Array {
  return encodeEvent({
    wallTime,
    step,
    summary: { value: scalars.map((s) => ({ tag: s.tag, simpleValue: s.value })) },
  });
}

function encodeEvent(fields: Record<string, unknown>): Uint8Array {
  return eventType.encode(eventType.create(fields)).finish();
}
