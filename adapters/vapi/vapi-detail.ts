import { VendorShapeError, asObject, type DetailRead } from '../../src/contract/index.js';
import type { VapiCallDetail } from './vapi-detail-types.js';
import { mapVapiDetail } from './map-vapi-detail.js';

/**
 * `GET /call/{id}`: the call with its messages, recording and analysis in one read. It
 * answers any call of the organisation, whatever its assistant, so the record's
 * `assistantId` decides whether it is the binding's.
 */
export const vapiDetail: DetailRead<{ call: VapiCallDetail }> = {
  reads: {
    call: {
      buildRequest: ({ credential, conversationId }) => ({
        method: 'GET',
        path: `/call/${encodeURIComponent(conversationId)}`,
        headers: { authorization: `Bearer ${credential}`, accept: 'application/json' },
      }),
      parse(body) {
        if (typeof asObject(body).id !== 'string') throw new VendorShapeError('Vapi GET /call/{id}: expected a call with an id');
        return body as VapiCallDetail;
      },
    },
  },
  ownership: 'record',
  map: ({ call }) => mapVapiDetail(call),
};
