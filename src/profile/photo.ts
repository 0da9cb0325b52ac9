import sharp, { type OutputInfo } from 'sharp';

/** The largest upload read at all; anything bigger is refused before decoding. */
export const PHOTO_MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
/** Decoding stops beyond this many pixels (a small file can claim a huge image). */
const PHOTO_MAX_INPUT_PIXELS = 50_000_000;
/** The stored photo fits in this square and in this many bytes. */
export const PHOTO_MAX_SIDE = 512;
export const PHOTO_MAX_STORED_BYTES = 150 * 1024;
const ACCEPTED_FORMATS = new Set(['jpeg', 'png', 'webp']);

export type PhotoRefusal = 'type' | 'unreadable' | 'too-large';

export class PhotoRefused extends Error {
  constructor(readonly reason: PhotoRefusal) {
    super(`photo refused: ${reason}`);
  }
}

export interface NormalisedPhoto {
  bytes: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
}

/**
 * Decodes a JPEG, PNG or WebP and encodes it again as a JPEG of at most PHOTO_MAX_SIDE pixels a
 * side and PHOTO_MAX_STORED_BYTES. Nothing of the upload survives but its pixels: sharp writes no
 * metadata (EXIF, GPS, XMP, IPTC, ICC) unless asked, and the orientation is applied first.
 * Only the first frame of an animated image is kept.
 */
export async function normalisePhoto(upload: Buffer): Promise<NormalisedPhoto> {
  if (upload.length > PHOTO_MAX_UPLOAD_BYTES) throw new PhotoRefused('too-large');
  const open = () => sharp(upload, { limitInputPixels: PHOTO_MAX_INPUT_PIXELS, failOn: 'error', pages: 1 });
  let format: string | undefined;
  try {
    format = (await open().metadata()).format;
  } catch {
    throw new PhotoRefused('unreadable');
  }
  if (!format || !ACCEPTED_FORMATS.has(format)) throw new PhotoRefused('type');
  for (const quality of [82, 70, 55]) {
    let output: { data: Buffer; info: OutputInfo };
    try {
      output = await open()
        .rotate()
        .resize({ width: PHOTO_MAX_SIDE, height: PHOTO_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
    } catch {
      throw new PhotoRefused('unreadable');
    }
    if (output.data.length <= PHOTO_MAX_STORED_BYTES) return { bytes: output.data, contentType: 'image/jpeg', width: output.info.width, height: output.info.height };
  }
  throw new PhotoRefused('too-large');
}
