import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chromiumArgs, chromiumCommand, consoleWorkersUrl, EXTENSION_PATH } from './chromium';
import { hostResolverRules } from './hosts';

describe('the Chromium command printed for a developer', () => {
  const sandbox = { hostResolverRules: hostResolverRules(8443) };
  const url = consoleWorkersUrl('WS' + 'a'.repeat(32));

  it('opens the Console worker list on its sandbox host', () => {
    expect(url).toBe(`https://console.twilio.com/us1/develop/taskrouter/workspaces/WS${'a'.repeat(32)}/workers?frameUrl=%2Fconsole%2Ftaskrouter%2Fworkspaces%2FWS${'a'.repeat(32)}%2Fworkers`);
  });

  it('passes, through a real shell, exactly the flags the tests use, a fresh profile and the URL', () => {
    // A stand-in for Chromium that prints the arguments it was given, one a line.
    const echo = join(mkdtempSync(join(tmpdir(), 'chromium-args-')), 'chromium');
    writeFileSync(echo, '#!/bin/sh\nprintf \'%s\\n\' "$@"\n');
    chmodSync(echo, 0o755);
    const command = chromiumCommand(sandbox, url, echo);
    const words = execFileSync('sh', ['-c', command], { encoding: 'utf8' }).trimEnd().split('\n');
    expect(words[0]).toMatch(/^--user-data-dir=\/.+/);
    expect(words.slice(1)).toEqual([...chromiumArgs(sandbox), url]);
    expect(words).toContain(`--load-extension=${EXTENSION_PATH}`);
    expect(words).toContain(`--host-resolver-rules=${sandbox.hostResolverRules}`);
  });
});
