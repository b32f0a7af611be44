/** The most bytes UTF-8 takes for one UTF-16 code unit: a pair's two units take four. */
const MOST_BYTES_PER_UNIT = 3;

/**
 * Text given in pieces as UTF-8, each piece encoded straight into one buffer: joining the pieces
 * first would copy each of them, at two bytes a character once any piece is not Latin-1. The
 * buffer is sized by a bound, not measured: measuring is a second pass over every piece.
 */
export function utf8Bytes(pieces: readonly string[]): Buffer {
  let units = 0;
  for (const piece of pieces) units += piece.length;
  const bytes = Buffer.allocUnsafe(units * MOST_BYTES_PER_UNIT);
  let offset = 0;
  for (const piece of pieces) offset += bytes.write(piece, offset);
  return bytes.subarray(0, offset);
}
