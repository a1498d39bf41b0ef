import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/** `npm run sandbox` as a developer runs it: a real npm, a real signal, a real port. */

const ROOT = resolve(import.meta.dirname, '..');
let npm: ChildProcess | undefined;

afterEach(() => {
  // Its own process group, so whatever a failed test leaves behind goes with it.
  if (npm?.pid && npm.exitCode === null) process.kill(-npm.pid, 'SIGKILL');
});

function readyPort(child: ChildProcess): Promise<number> {
  return new Promise((resolvePort, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /Sandbox ready on https:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (ready) resolvePort(Number(ready[1]));
    });
    child.once('exit', (code) => reject(new Error(`npm run sandbox exited (${code}) before it was ready:\n${output}`)));
  });
}

const answers = (port: number) =>
  new Promise<boolean>((resolveAnswer) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolveAnswer(true)));
    socket.once('error', () => resolveAnswer(false));
  });

describe('npm run sandbox', () => {
  it('prints a ready line, and SIGTERM to npm stops the server it started', async () => {
    npm = spawn('npm', ['run', '--silent', 'sandbox', '--', '--port', '0', '--workers', '5', '--okta-users', '5'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await readyPort(npm);
    expect(await answers(port)).toBe(true);

    npm.kill('SIGTERM');
    await once(npm, 'exit');
    expect(await answers(port)).toBe(false);
  }, 60_000);
});
