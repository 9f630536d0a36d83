import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSnapshot, saveSnapshot, SnapshotError } from '../../src/leases/snapshot.js';
import { BINDINGS, SWITCHES } from '../support/fixtures.js';

describe('snapshot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'usd-snap-'));

  it('saves and loads the records exactly', async () => {
    const path = join(dir, 'a', 'leases.json');
    const bytes = await saveSnapshot(path, { bindings: BINDINGS, switches: SWITCHES }, 1_700_000_000_000);
    expect(bytes).toBeGreaterThan(100);
    const back = await loadSnapshot(path);
    expect(back?.fetchedAt).toBe(1_700_000_000_000);
    expect(back?.source.bindings).toEqual(BINDINGS);
    expect(back?.source.switches).toEqual(SWITCHES);
    expect(readdirSync(join(dir, 'a'))).toEqual(['leases.json']); // no temp file left
  });

  it('is readable: dotted IPs and colon MACs', async () => {
    const path = join(dir, 'readable.json');
    await saveSnapshot(path, { bindings: BINDINGS.slice(0, 1), switches: null }, 0);
    const file = JSON.parse(readFileSync(path, 'utf8'));
    expect(file.bindings[0]).toEqual(['1', '10.10.0.11', '02:00:00:00:00:01', '100', 1, null, null, null]);
  });

  it('no file → null; a damaged file → SnapshotError naming it', async () => {
    expect(await loadSnapshot(join(dir, 'absent.json'))).toBeNull();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":"userside-dhcpd-snapshot","version":1,"bindings":[["1"');
    await expect(loadSnapshot(bad)).rejects.toThrow(SnapshotError);
    await expect(loadSnapshot(bad)).rejects.toThrow(/bad\.json is not JSON/);
    writeFileSync(bad, '{"format":"something-else"}');
    await expect(loadSnapshot(bad)).rejects.toThrow(/not a userside-dhcpd snapshot/);
  });
});
