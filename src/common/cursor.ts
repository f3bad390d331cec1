/**
 * Opaque cursors for "newest first" pagination: the (time, id) of the last
 * item of a page. Pages never overlap or skip, even when many rows share a
 * timestamp, because id breaks the tie.
 */
export interface CursorPosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString('base64url');
}

/** undefined when the text is not a cursor this service made. */
export function decodeCursor(text: string): CursorPosition | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) return undefined;
    return { at: date, id };
  } catch {
    return undefined;
  }
}
