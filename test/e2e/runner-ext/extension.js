// Calls the suite's run() (the same entry @vscode/test-electron calls) inside a real extension host, because
// code-server ignores extensionTestsPath in built releases. Writes { pass, error, log } to $E2E_RESULT.
const fs = require('node:fs');

exports.activate = async () => {
  const suite = process.env.E2E_TESTS;
  const out = process.env.E2E_RESULT;
  if (!suite || !out) return;
  const log = [];
  const original = console.log;
  console.log = (...args) => {
    log.push(args.map(String).join(' '));
    original(...args);
  };
  let result;
  try {
    await require(suite).run();
    result = { pass: true, log };
  } catch (e) {
    result = { pass: false, error: e && e.stack ? e.stack : String(e), log };
  } finally {
    console.log = original;
  }
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
};

exports.deactivate = () => {};
