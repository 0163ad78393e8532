import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';
import { makeTempDirectory } from './temp-directory.ts';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

const mailUid = 8;
const mailGid = 8;

/**
 * A real IMAP server on loopback: Debian's Dovecot, started with a configuration of its own in a
 * temporary folder (one mailbox, plain login without TLS, Maildir), stopped and removed at the end.
 * `deliver` puts a raw message in the mailbox as the desk's mail server would (IMAP APPEND);
 * `idle: false` starts it without IDLE so a client must poll.
 */
export const startImapServer = async (options: { user?: string; password?: string; idle?: boolean } = {}) => {
  const user = options.user ?? 'assistenza';
  const password = options.password ?? 'segreta-imap';
  const folder = makeTempDirectory('presidio-imap-');
  const port = await freePort();
  const home = join(folder.path, 'home');
  mkdirSync(join(home, user), { recursive: true });
  chownSync(home, mailUid, mailGid);
  chownSync(join(home, user), mailUid, mailGid);
  chmodSync(folder.path, 0o755);
  writeFileSync(join(folder.path, 'passwd'), `${user}:{PLAIN}${password}:${mailUid}:${mailGid}::${join(home, user)}\n`);
  const run = join(folder.path, 'run');
  mkdirSync(run);
  const capabilities = options.idle === false ? 'imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE SORT UIDPLUS MOVE' : '';
  writeFileSync(
    join(folder.path, 'dovecot.conf'),
    `base_dir = ${run}
state_dir = ${join(folder.path, 'state')}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
log_path = ${join(folder.path, 'dovecot.log')}
mail_location = maildir:~/Maildir
first_valid_uid = ${mailUid}
first_valid_gid = ${mailGid}
default_login_user = dovenull
default_internal_user = dovecot
${capabilities}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(folder.path, 'passwd')}
}
userdb {
  driver = passwd-file
  args = ${join(folder.path, 'passwd')}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service stats {
  unix_listener stats-writer {
    mode = 0666
  }
}
`,
  );
  mkdirSync(join(folder.path, 'state'));
  const child: ChildProcess = spawn('/usr/sbin/dovecot', ['-F', '-c', join(folder.path, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/INBOX`;
  const client = () => new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const probe = client();
      await probe.connect();
      await probe.logout();
      break;
    } catch (error) {
      if (Date.now() > deadline || child.exitCode !== null) {
        let log = '';
        try {
          log = readFileSync(join(folder.path, 'dovecot.log'), 'utf8');
        } catch {
          // No log yet: the output says why.
        }
        child.kill('SIGKILL');
        throw new Error(`Dovecot non parte: ${String(error)}\n${output}\n${log}`, { cause: error });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    port,
    /** Puts a raw RFC 5322 message in the INBOX, unread. */
    deliver: async (raw: string | Buffer) => {
      const imap = client();
      await imap.connect();
      try {
        await imap.append('INBOX', raw, []);
      } finally {
        await imap.logout();
      }
    },
    /** How many messages are in the INBOX and how many of them are still unread. */
    counts: async () => {
      const imap = client();
      await imap.connect();
      try {
        const status = await imap.status('INBOX', { messages: true, unseen: true });
        return status ? { messages: status.messages ?? 0, unseen: status.unseen ?? 0 } : { messages: 0, unseen: 0 };
      } finally {
        await imap.logout();
      }
    },
    /** Marks every message unread again (a second client, a restore of the mailbox). */
    markAllUnread: async () => {
      const imap = client();
      await imap.connect();
      try {
        await imap.mailboxOpen('INBOX');
        await imap.messageFlagsRemove('1:*', ['\\Seen']);
      } finally {
        await imap.logout();
      }
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      folder.remove();
    },
  };
};
export type ImapServer = Awaited<ReturnType<typeof startImapServer>>;
