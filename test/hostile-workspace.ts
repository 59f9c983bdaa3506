// The hostile folder the CLI, walker and server tests all face: symlink loops, a link to `/`, a dangling link, a
// FIFO, a 500 MB (sparse) file and a file whose name is not UTF-8, around one real daemon.json.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The name (as the walker reports it) of the file whose name is not UTF-8. */
export const NON_UTF8_NAME = 'bad-\uFFFD\uFFFD.sh';

export function makeHostileFolder(ws: string, daemonJson: string): void {
  const daemon = path.join(ws, 'etc/docker/daemon.json');
  fs.mkdirSync(path.dirname(daemon), { recursive: true });
  fs.writeFileSync(daemon, daemonJson);
  fs.symlinkSync('..', path.join(ws, 'etc', 'loop'));
  fs.symlinkSync(ws, path.join(ws, 'self'));
  fs.symlinkSync('/', path.join(ws, 'host-root'));
  fs.symlinkSync(path.join(ws, 'nowhere'), path.join(ws, 'dangling.sh'));
  spawnSync('mkfifo', [path.join(ws, 'pipe.sh')]);
  const big = path.join(ws, 'big', 'daemon.json');
  fs.mkdirSync(path.dirname(big));
  fs.closeSync(fs.openSync(big, 'w'));
  fs.truncateSync(big, 500 * 1024 * 1024); // sparse: no disk used
  fs.writeFileSync(Buffer.concat([Buffer.from(path.join(ws, 'bad-')), Buffer.from([0xff, 0xfe]), Buffer.from('.sh')]), 'docker exec -it web sh\n');
}

/** `count` empty files (shell scripts and env files) in folders of a thousand. */
export function makeEmptyFiles(dir: string, count: number): void {
  for (let d = 0; d * 1000 < count; d++) {
    const sub = path.join(dir, `d${d}`);
    fs.mkdirSync(sub, { recursive: true });
    for (let i = 0; i < 1000 && d * 1000 + i < count; i++) fs.writeFileSync(path.join(sub, `f${i}.${i % 2 ? 'sh' : 'env'}`), '');
  }
}
