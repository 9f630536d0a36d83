import type { FetchedBindings } from './fetch-bindings.js';
import { FIELD_NAMES } from './types.js';

const SAMPLE_CHARS = 160;

/** What `userside-dhcpd probe` prints: enough to tell whether this UserSide's answer is understood. */
export function describeProbe(fetched: FetchedBindings): string[] {
  const { result, envelope, switches } = fetched;
  const { shape } = result;
  const lines = [
    `envelope: result key ${envelope.resultKey ?? '(none)'}, data key ${envelope.dataKey ?? '(none)'}`,
    `records: ${result.total} in ${shape.container === 'empty' ? 'an empty answer' : `a JSON ${shape.container}`}` +
      (fetched.bytes === undefined ? '' : ` (${fetched.bytes} bytes)`),
    `fields: ${FIELD_NAMES.map((f) => `${f}=${shape.fields[f] ?? '-'}`).join(' ')}`,
    `forms: ip ${shape.ipForm}, mac ${shape.macForm}`,
  ];
  if (shape.unknownKeys.length > 0) lines.push(`ignored keys: ${shape.unknownKeys.join(', ')}`);
  const rejected = Object.entries(result.rejected);
  const rejectedCount = rejected.reduce((sum, [, n]) => sum + (n ?? 0), 0);
  lines.push(
    `accepted ${result.bindings.length}, rejected ${rejectedCount}` +
      (rejected.length > 0 ? ` (${rejected.map(([reason, n]) => `${reason} ${n}`).join(', ')})` : ''),
  );
  for (const sample of result.samples) lines.push(`  rejected ${sample.reason}: ${preview(sample.record)}`);
  lines.push(
    switches === null
      ? `switches: not fetched (${result.bindings.some(namesItsSwitch) ? "records carry the switches' IP or MAC" : 'devices: never'})`
      : `switches: ${switches.length} from device/get_data` +
          ((fetched.rejectedSwitches ?? 0) > 0 ? `, ${fetched.rejectedSwitches} without an id dropped` : ''),
  );
  return lines;
}

function namesItsSwitch(binding: { switchIp?: number; switchMac?: number }): boolean {
  return binding.switchIp !== undefined || binding.switchMac !== undefined;
}

function preview(record: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(record) ?? String(record);
  } catch {
    text = `(${typeof record} that does not print as JSON)`;
  }
  return text.length > SAMPLE_CHARS ? `${text.slice(0, SAMPLE_CHARS)}…` : text;
}
