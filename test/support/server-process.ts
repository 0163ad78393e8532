import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const serverEntry = join(import.meta.dirname, '..', '..', 'src', 'server', 'main.ts');

/** The central API as a real process, so a test can kill it with SIGKILL mid-push. */
export const spawnServerProcess = async (options: { dataDirectory: string; databaseUrl?: string; env?: Record<string, string> }) => {
  const child: ChildProcess = spawn(process.execPath, [serverEntry, '--data-dir', options.dataDirectory, '--port', '0', '--log-level', 'warn'], {
    env: { ...process.env, DATABASE_URL: options.databaseUrl ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${output}`)), 20_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /in ascolto su (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}: ${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    url,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
};
