/** Builds a large text as ~64 KB Buffers, so the heap never holds it all as strings. */
export class TextBuffer {
  private readonly parts: Buffer[] = [];
  private pending = '';

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= 65536) {
      this.parts.push(Buffer.from(this.pending));
      this.pending = '';
    }
  }

  finish(): Buffer {
    this.parts.push(Buffer.from(this.pending));
    this.pending = '';
    return Buffer.concat(this.parts);
  }
}
