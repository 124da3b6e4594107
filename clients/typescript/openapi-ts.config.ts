import { defineConfig } from '@hey-api/openapi-ts';

/** `npm run client`: the typed client, generated from the committed API document. */
export default defineConfig({
  input: './specs/gateway.openapi.json',
  output: { path: './clients/typescript/generated' },
  plugins: ['@hey-api/client-fetch', '@hey-api/typescript', { name: '@hey-api/sdk' }],
});
