import type { CommandSpec } from '../command';
import { accessCommand } from './access';
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
import { validateCommand } from './validate';

/** Every CLI command, in --help order. Add new commands here. */
export const COMMANDS: readonly CommandSpec[] = [validateCommand, scenarioCommand, generateCommand, processCommand, runCommand, sweepCommand, profileCommand, costCommand, accessCommand, reportCommand, diffCommand, pricesCommand, emulatorCommand];
