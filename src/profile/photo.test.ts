import zlib from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { normalisePhoto, PHOTO_MAX_SIDE, PhotoRefused } from './photo.ts';

/** A valid PNG of width × height black 1-bit pixels: a tiny file that decodes to a huge image. */
function hugePng(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const byte of bytes) c = (crcTable[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([length, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

describe('profile photo normalisation', () => {
  it('R18: an image claiming more pixels than the limit is refused before it is decoded (a decompression bomb)', async () => {
    // The same construction at a normal size is a valid photo.
    expect((await normalisePhoto(hugePng(1000, 800))).width).toBe(PHOTO_MAX_SIDE);
    const bomb = hugePng(20_000, 20_000);
    expect(bomb.length).toBeLessThan(200_000);
    await expect(normalisePhoto(bomb)).rejects.toBeInstanceOf(PhotoRefused);
  });

  it('R18: a wide panorama keeps its proportions within the bound, and a small photo is not enlarged', async () => {
    const panorama = await sharp({ create: { width: 4000, height: 500, channels: 3, background: '#888' } }).png().toBuffer();
    const wide = await normalisePhoto(panorama);
    expect([wide.width, wide.height]).toEqual([PHOTO_MAX_SIDE, 64]);
    const small = await normalisePhoto(await sharp({ create: { width: 80, height: 120, channels: 3, background: '#888' } }).webp().toBuffer());
    expect([small.width, small.height]).toEqual([80, 120]);
    expect((await sharp(small.bytes).metadata()).format).toBe('jpeg');
  });

  it('R18: the EXIF orientation is applied before the metadata is dropped, so a rotated phone photo stays upright', async () => {
    // Stored landscape (60 × 20) with orientation 6: shown as portrait (20 × 60).
    const rotated = await sharp({ create: { width: 60, height: 20, channels: 3, background: '#c00' } }).withMetadata({ orientation: 6 }).jpeg().toBuffer();
    const photo = await normalisePhoto(rotated);
    expect([photo.width, photo.height]).toEqual([20, 60]);
    expect((await sharp(photo.bytes).metadata()).orientation).toBeUndefined();
  });
});
