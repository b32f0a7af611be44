/**
 * Text given in pieces as UTF-8, each piece encoded straight into one buffer: joining the pieces
 * first would copy each of them, at two bytes a character once any piece is not Latin-1.
 */
export function utf8Bytes(pieces: readonly string[]): Buffer {
  let length = 0;
  for (const piece of pieces) length += Buffer.byteLength(piece);
  const bytes = Buffer.allocUnsafe(length);
  let offset = 0;
  for (const piece of pieces) offset += bytes.write(piece, offset);
  return bytes;
}
