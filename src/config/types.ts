import type { FieldName } from '../userside/types.js';

/** The validated configuration (SPEC §9), with defaults applied and values parsed. */

export type MatchMode = 'mac' | 'port' | 'port-and-mac' | 'port-then-mac';
export const MATCH_MODES: readonly MatchMode[] = ['mac', 'port', 'port-and-mac', 'port-then-mac'];

export interface Cidr {
  readonly network: number;
  readonly prefix: number;
  readonly mask: number;
  /** As written, normalized: `10.10.0.0/16`. */
  readonly text: string;
}

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export type CircuitIdFormat = { readonly kind: 'vlan-mod-port' } | { readonly kind: 'regex'; readonly regex: string };

export interface SubnetConfig {
  readonly cidr: Cidr;
  readonly routers: readonly number[];
  readonly dns: readonly number[];
  readonly domain?: string;
  /** Seconds; when absent `dhcp.lease_time` applies. */
  readonly leaseTime?: number;
  /** `options: {26: 1500, ntp-servers: [...]}` encoded to wire bytes, by option code. */
  readonly options: ReadonlyMap<number, Uint8Array>;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly userside: {
    readonly url: string;
    /** The API key itself. Never logged, never put in an error message. */
    readonly key: string;
    /** Where the key came from, for messages: `key`, `key_file` or `env`. */
    readonly keySource: 'key' | 'key_file' | 'env' | 'none';
    readonly syncIntervalMs: number;
    readonly timeoutMs: number;
    readonly maxShrink: number;
    readonly devices: 'auto' | 'always' | 'never';
    /** Alias names tried before the defaults, per logical field. */
    readonly fields: Readonly<Partial<Record<FieldName, readonly string[]>>>;
    /** Answers larger than this are refused (`too-large`). */
    readonly maxResponseBytes: number;
  };
  readonly dhcp: {
    readonly listen: readonly HostPort[];
    readonly serverId: number;
    readonly authoritative: boolean;
    readonly match: MatchMode;
    readonly trustedRelays: readonly Cidr[];
    readonly option82: {
      readonly circuitId: CircuitIdFormat;
      readonly remoteId: 'mac' | 'none';
    };
    readonly leaseTime: number;
    readonly subnets: readonly SubnetConfig[];
    /** UDP port of clients (68); tests and labs may move it. */
    readonly clientPort: number;
    /** Where replies to un-relayed clients without an address go [255.255.255.255]. */
    readonly broadcastAddress: number;
  };
  readonly writeback: {
    readonly enabled: boolean;
    readonly maxPerSecond: number;
  };
  readonly stateDir: string;
  readonly admin: {
    readonly listen: HostPort;
    /** /readyz fails when the table served was fetched longer ago than this. */
    readonly staleAfterMs: number;
  };
  readonly log: {
    readonly level: LogLevel;
  };
}
