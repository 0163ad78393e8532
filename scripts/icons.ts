import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** Every size the three platforms' packages and the window ask for, from one source image. */
export const iconSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/**
 * Renders the one source image (build/icon.svg) into PNGs of every size: `icons/NxN.png` (Linux
 * packages and the window) and `icon.png` at 1024 px, from which electron-builder makes the
 * Windows .ico and the macOS .icns. sharp (libvips) renders the SVG at each size, so small icons
 * are drawn for their size rather than scaled down from a bitmap.
 */
export const generateIcons = async (source: string, outDirectory: string): Promise<string[]> => {
  const svg = readFileSync(source);
  mkdirSync(join(outDirectory, 'icons'), { recursive: true });
  const written: string[] = [];
  for (const size of iconSizes) {
    const file = join(outDirectory, 'icons', `${size}x${size}.png`);
    await sharp(svg, { density: Math.max(72, Math.ceil((72 * size) / 64)) }).resize(size, size).png().toFile(file);
    written.push(file);
  }
  const main = join(outDirectory, 'icon.png');
  await sharp(svg, { density: 1152 }).resize(1024, 1024).png().toFile(main);
  written.push(main);
  return written;
};
