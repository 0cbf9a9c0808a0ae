#!/usr/bin/env node
import { main } from '../simulator/cli/main';

void main(process.argv);
