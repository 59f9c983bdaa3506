// Hover and completion providers per file kind. Add a kind's providers in its own file and list them here.
import type { FileKind } from '../parsers/classify';
import { crontabScheduleHover } from './hover-crontab';
import type { CompletionProvider, HoverProvider } from './types';
import { completeCompose } from './completion-compose';
import { hoverCompose } from './hover-compose';
import { daemonJsonCompletion, daemonJsonHover } from './daemon-json';
import { systemdHover } from './hover-systemd';

export const hoverProviders: Partial<Record<FileKind, HoverProvider[]>> = {
  compose: [hoverCompose],
  'daemon-json': [daemonJsonHover],
  'systemd-unit': [systemdHover],
  crontab: [(file, workspace, offset) => crontabScheduleHover(file, workspace, offset)],
};

export const completionProviders: Partial<Record<FileKind, CompletionProvider[]>> = {
  compose: [completeCompose],
  'daemon-json': [daemonJsonCompletion],
};
