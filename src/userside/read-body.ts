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

/**
 * The body as UTF-8 text, decoded chunk by chunk as it arrives: a 30 MB answer
 * is never held as bytes and as text at once. (TextDecoder drops a leading
 * UTF-8 BOM, which PHP scripts saved with one emit.)
 */
export async function readCappedText(response: Response, maxBytes: number): Promise<{ text: string; bytes: number }> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new BodyTooLarge(maxBytes, declared);
  }
  if (response.body === null) return { text: '', bytes: 0 };
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let total = 0;
  while (true) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLarge(maxBytes);
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), bytes: total };
}
