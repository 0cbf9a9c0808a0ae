import type { CommandSpec } from '../command';
import { accessCommand } from './access';
import { costCommand } from './cost';
import { emulatorCommand } from './emulator';
import { pricesCommand } from './prices';
import { runCommand } from './run';
import { validateCommand } from './validate';

/** Every CLI command, in --help order. Add new commands here. */
export const COMMANDS: readonly CommandSpec[] = [validateCommand, runCommand, costCommand, accessCommand, pricesCommand, emulatorCommand];
