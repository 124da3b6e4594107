import type { AdapterModule } from '../src/contract/index.js';
import { chatdashModule } from './chatdash/index.js';
import { convocoreModule } from './convocore/index.js';
import { elevenlabsModule } from './elevenlabs/index.js';
import { retellModule } from './retell/index.js';
import { tetherModule } from './tether/index.js';
import { vapiModule } from './vapi/index.js';

/** The adapter registry: adding a vendor is one line here. */
export const adapterModules: readonly AdapterModule[] = [
  convocoreModule,
  chatdashModule,
  elevenlabsModule,
  tetherModule,
  vapiModule,
  retellModule,
];
