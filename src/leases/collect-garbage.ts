import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

/**
 * A full garbage collection, on the calling thread only. The sync worker calls
 * it once the parsed answer is garbage: V8 would otherwise let a sync's 100+ MB
 * of garbage pile up (the heap limit is far away), and the daemon's RSS with it.
 * `--expose-gc` cannot be passed to a worker, so the function is fetched from a
 * fresh context after setting the flag.
 */
export function collectGarbage(): void {
  if (gc === undefined) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}
