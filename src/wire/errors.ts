/**
 * Why `decode` refused a packet. The codes are stable: they become the `reason`
 * label of the server's drop counter and are listed in the README.
 */
export const DECODE_ERROR_CODES = [
  'short-packet', // fewer than 240 bytes: no room for the header and cookie
  'bad-op', // op is neither BOOTREQUEST nor BOOTREPLY
  'unsupported-htype', // not Ethernet: access networks carry nothing else
  'bad-hlen', // hlen is not 6 for Ethernet
  'bad-cookie', // the four bytes at 236 are not 99.130.83.99
  'truncated-option', // an option's code or length byte or value runs past its area
  'missing-end', // an options area ends without option 255
  'bad-option-length', // a fixed-size option has the wrong length (see option-lengths.ts)
  'bad-overload', // option 52 has a bad value or appears inside sname/file
  // option 82 contents (the packet itself still decodes; see relay-agent-info.ts)
  'truncated-suboption', // a sub-option header or value runs past the end of option 82
  'bad-suboption-length', // a fixed-size sub-option has the wrong length
] as const;
export type DecodeErrorCode = (typeof DECODE_ERROR_CODES)[number];

/**
 * A typed decode failure. Deliberately not an `Error`: it is a value returned on
 * the per-packet path, so it carries no stack trace.
 */
export class DecodeError {
  constructor(
    readonly code: DecodeErrorCode,
    /** Byte offset in the packet where the problem was seen. */
    readonly offset: number,
    /** The option code concerned, when there is one. */
    readonly option?: number,
  ) {}

  get message(): string {
    const where = this.option === undefined ? '' : ` in option ${this.option}`;
    return `${this.code}${where} at byte ${this.offset}`;
  }
}

/**
 * What a typed accessor returns when the option is present but its bytes do not
 * make a value of its type. Absent options read as `undefined`.
 */
export const MALFORMED: unique symbol = Symbol('malformed');
export type Malformed = typeof MALFORMED;
/** An accessor's answer: the value, `undefined` when absent, `MALFORMED` when unreadable. */
export type Read<T> = T | undefined | Malformed;
