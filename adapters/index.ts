import type { AdapterModule } from '../src/contract/index.js';
import { chatdashModule } from './chatdash/index.js';
import { convocoreModule } from './convocore/index.js';
import { elevenlabsModule } from './elevenlabs/index.js';
import { tetherModule } from './tether/index.js';

/** The adapter registry: adding a vendor is one line here. */
export const adapterModules: readonly AdapterModule[] = [
  convocoreModule,
  chatdashModule,
  elevenlabsModule,
  tetherModule,
];
