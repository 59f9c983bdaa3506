// The shell rules, sorted by id. Each lives in its own file named after its id.
import type { Rule } from '../../model/rule';
import composeExecWithoutNoTty from './compose-exec-without-no-tty';
import destructivePrune from './destructive-prune';
import dockerDirCopyLosesAttributes from './docker-dir-copy-loses-attributes';
import dockerDirSymlink from './docker-dir-symlink';
import emptySubstitutionRmi from './empty-substitution-rmi';
import secretOnCommandLine from './secret-on-command-line';
import ttyWithoutTerminal from './tty-without-terminal';

export const shellRules: Rule[] = [
  composeExecWithoutNoTty,
  destructivePrune,
  dockerDirCopyLosesAttributes,
  dockerDirSymlink,
  emptySubstitutionRmi,
  secretOnCommandLine,
  ttyWithoutTerminal,
];
