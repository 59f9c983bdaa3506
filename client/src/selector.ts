// Which documents the client sends to the server: every file kind shipshape knows, by language id where the editor
// has one for it and by file pattern otherwise. The server classifies each document again and ignores the rest.
import type { DocumentSelector } from 'vscode-languageclient/node';

const FILE = 'file';

export const documentSelector: DocumentSelector = [
  // daemon.json (strict JSON, but people open it as json or jsonc)
  { scheme: FILE, language: 'json', pattern: '**/{daemon.json,*.daemon.json}' },
  { scheme: FILE, language: 'jsonc', pattern: '**/{daemon.json,*.daemon.json}' },
  { scheme: FILE, language: 'json', pattern: '**/etc/docker/*.json' },
  // compose files, CI pipelines (the server looks at the content of other YAML files)
  { scheme: FILE, language: 'yaml' },
  { scheme: FILE, language: 'dockercompose' },
  { scheme: FILE, language: 'github-actions-workflow' },
  // Dockerfiles, shell scripts, Jenkinsfiles
  { scheme: FILE, language: 'dockerfile' },
  { scheme: FILE, language: 'shellscript' },
  { scheme: FILE, language: 'groovy', pattern: '**/{Jenkinsfile,Jenkinsfile.*,Jenkinsfile-*,*.jenkinsfile}' },
  { scheme: FILE, language: 'jenkinsfile' },
  // systemd units and drop-ins, sysconfig / default env files, crontabs, .env files
  { scheme: FILE, language: 'systemd-unit' },
  { scheme: FILE, pattern: '**/*.{service,socket,timer}' },
  { scheme: FILE, pattern: '**/*.{service,socket,timer}.d/*.conf' },
  { scheme: FILE, pattern: '**/{sysconfig/docker*,default/docker}' },
  { scheme: FILE, language: 'crontab' },
  { scheme: FILE, pattern: '**/{crontab,*.crontab,*.cron,cron.d/*,spool/cron/**}' },
  { scheme: FILE, pattern: '**/{.env,*.env,.env.*}' },
];
