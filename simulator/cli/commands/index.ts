import type { AnyCommand } from '../command';
import { accessCommand } from './access';
import { calibrateCommand } from './calibrate';
import { checkCommand } from './check';
import { costCommand } from './cost';
import { diffCommand } from './diff';
import { emulatorCommand } from './emulator';
import { generateCommand } from './generate';
import { pricesCommand } from './prices';
import { profileCommand } from './profile';
import { processCommand } from './process';
import { reportCommand } from './report';
import { runCommand } from './run';
import { scenarioCommand } from './scenario';
import { sweepCommand } from './sweep';
import { tuneCommand } from './tune';
import { validateCommand } from './validate';

/** Every CLI command, in --help order. Add new commands here. */
export const COMMANDS: readonly AnyCommand[] = [
  validateCommand,
  scenarioCommand,
  generateCommand,
  processCommand,
  runCommand,
  sweepCommand,
  tuneCommand,
  profileCommand,
  costCommand,
  accessCommand,
  checkCommand,
  reportCommand,
  diffCommand,
  pricesCommand,
  calibrateCommand,
  emulatorCommand,
];
