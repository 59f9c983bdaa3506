#!/usr/bin/env bash
# Installs the real editor the end-to-end tests run in: code-server 4.139.1 (VS Code 1.139.1 in a browser), which
# needs Node 24, plus playwright-core. Everything comes from the npm registry, pinned by package-lock.json here.
# Needs Debian's chromium (the browser), libkrb5-dev (code-server's kerberos module is built from source) and the
# usual g++/make/python3. Run again after a lockfile change; otherwise it returns at once.
set -euo pipefail
cd "$(dirname "$0")"
# Started by `npm run e2e`, this script inherits the outer npm's settings as npm_config_* variables, and every npm
# below would read them as its own: npm_config_user_agent names the Node that ran the outer npm (20), and
# code-server's install script takes its Node version from that variable, so it refused to build under Node 24.
# Each npm here starts from its own settings.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -i '^npm_')
export npm_config_yes=true npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
stamp=node_modules/.installed-lock.json
if [ -f "$stamp" ] && cmp -s package-lock.json "$stamp"; then
  echo "e2e: code-server already installed"
  exit 0
fi
# 1. Every package, without running install scripts (they must run under Node 24, which is one of the packages).
npm ci --ignore-scripts
# 2. The `node` package's install script fetches the Node 24 binary package for this platform from the registry.
npm rebuild node
N24=$(ls -d "$PWD"/node_modules/node/node_modules/node-linux-* | head -n 1)
"$N24/bin/node" --version
# 3. code-server's native modules, built against Node 24's headers (which the node package ships).
PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm rebuild argon2 code-server
cp package-lock.json "$stamp"
echo "e2e: installed"
