import type { SimulatorResponse, SimulatorRoute } from './simulator-server.js';

/**
 * `GET` of one record by the id in the path, whatever its agent (a vendor that looks records
 * up by id alone): `answer` renders the record found, `missing` is the vendor's 404.
 */
export function recordRoute<T>(pattern: RegExp, find: (id: string) => T | undefined, answer: (record: T) => unknown, missing: SimulatorResponse): SimulatorRoute {
  return {
    method: 'GET',
    pattern,
    handle: (_request, [id]) => {
      const record = find(id!);
      return record === undefined ? missing : { status: 200, body: answer(record) };
    },
  };
}
