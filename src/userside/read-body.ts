/**
 * Reads an HTTP answer's body with a size cap enforced while streaming: a
 * declared Content-Length over the cap is refused before reading, and the
 * stream is cancelled as soon as the bytes read pass it.
 */

export class BodyTooLarge extends Error {
  constructor(readonly limit: number, readonly declared?: number) {
    super(declared === undefined ? `answer exceeds ${limit} bytes` : `answer declares ${declared} bytes, over the ${limit}-byte cap`);
  }
}

export async function readCappedBody(response: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(maxBytes, declared);
  }
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
