import { Ajv } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { Row, SourceBinding } from '../../../src/contract/index.js';
import { mappedAsSent } from '../mapped-as-sent.js';
import { contactFieldsOracle } from '../oracle/contact-fields.js';
import { rowSchema } from '../../../src/routes/row-schema.js';
import { fieldName } from '../../../src/specs/vendor-spec.js';
import { recordsOf, type SimulatedVendor } from './simulated-vendor.js';

const addFormats = addFormatsPlugin as unknown as (ajv: Ajv) => Ajv;
const validateRow = addFormats(new Ajv({ allErrors: true, strict: false })).compile(rowSchema);

/** A record as the gateway would send it, or the reason it could not be mapped. */
export function rowOf(vendor: SimulatedVendor, record: unknown, binding: SourceBinding = vendor.binding): Row {
  const mapped = mappedAsSent(vendor.module.adapter, record, binding);
  return {
    id: `${binding.connection}:${mapped.conversationId}`,
    source: binding.connection,
    vendor: vendor.module.adapter.vendor,
    ...mapped,
    ...contactFieldsOracle(mapped.contactPhone, mapped.contactEmail),
    hasAccess: mapped.hasAccess ?? true,
    originalId: mapped.originalId ?? null,
    linkedIds: [],
  };
}

/** Why a row breaks the API's row schema; empty when it is a valid row. */
export function rowSchemaProblems(row: Row): string[] {
  if (validateRow(row)) return [];
  return (validateRow.errors ?? []).map((error) => `${fieldName(error.instancePath) || '(row)'} ${error.message ?? 'is invalid'}`);
}

/** Every record the simulator serves maps onto a row that validates against the row schema. */
export function checkRows(vendor: SimulatedVendor): string[] {
  if (vendor.walkProblem) return [vendor.walkProblem];
  const records = recordsOf(vendor);
  if (records.length === 0) return ['the simulator served no records'];
  const problems: string[] = [];
  for (const [index, record] of records.entries()) {
    try {
      problems.push(...rowSchemaProblems(rowOf(vendor, record)).map((problem) => `record ${index}: ${problem}`));
    } catch (error) {
      problems.push(`record ${index} could not be mapped: ${(error as Error).message}`);
    }
  }
  return problems;
}

/**
 * Every cost is written as the vendor would: no more than six decimals in JSON, where binary
 * noise (cents / 100 = 0.14300000000000002) would show sixteen.
 */
export function checkCostDigits(vendor: SimulatedVendor): string[] {
  if (vendor.walkProblem) return [vendor.walkProblem];
  return recordsOf(vendor).flatMap((record, index) => {
    try {
      const amount = rowOf(vendor, record).cost?.amount;
      const decimals = amount === undefined ? '' : (JSON.stringify(amount).split('.')[1] ?? '');
      return decimals.length > 6 ? [`record ${index}: cost ${JSON.stringify(amount)}`] : [];
    } catch {
      return [];
    }
  });
}

/** The walk returns every record the simulator says the binding sees, each once. */
export function checkCompleteness(vendor: SimulatedVendor): string[] {
  if (vendor.walkProblem) return [vendor.walkProblem];
  const ids = (records: unknown[]) =>
    records.flatMap((record) => {
      try {
        return [rowOf(vendor, record).id];
      } catch {
        return [];
      }
    });
  const read = ids(recordsOf(vendor));
  const visible = ids(vendor.simulator.visibleRecords(vendor.binding));
  const problems: string[] = [];
  if (visible.length === 0) problems.push('the simulator shows no mappable records for the binding');
  const duplicated = read.filter((id, index) => read.indexOf(id) !== index);
  if (duplicated.length > 0) problems.push(`the walk read ${duplicated.length} row(s) twice: ${duplicated.slice(0, 3).join(', ')}`);
  const missing = visible.filter((id) => !read.includes(id));
  if (missing.length > 0) problems.push(`the walk missed ${missing.length} row(s): ${missing.slice(0, 3).join(', ')}`);
  const extra = read.filter((id) => !visible.includes(id));
  if (extra.length > 0) problems.push(`the walk read ${extra.length} row(s) the binding should not see: ${extra.slice(0, 3).join(', ')}`);
  return problems;
}

/**
 * No conversation the simulator serves starts, ends or was last active after the simulator's
 * "now": a walk bounded by `until`, a change lag or the monitor's waits would read such data
 * as nothing a vendor can send.
 */
export function checkTimesBeforeNow(vendor: SimulatedVendor): string[] {
  if (vendor.walkProblem) return [vendor.walkProblem];
  const now = new Date(vendor.now).toISOString();
  return recordsOf(vendor).flatMap((record, index) => {
    let row: Row;
    try {
      row = rowOf(vendor, record);
    } catch {
      return [];
    }
    const times = { startedAt: row.startedAt, endedAt: row.endedAt, lastActivityAt: row.lastActivityAt };
    return Object.entries(times).flatMap(([field, time]) => (time !== null && Date.parse(time) > vendor.now ? [`record ${index} (${row.conversationId}): ${field} ${time} is after the simulator's now ${now}`] : []));
  });
}
