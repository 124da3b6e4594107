import { VendorShapeError, asObject, type DetailRead } from '../../src/contract/index.js';
import type { RetellCallDetail } from './retell-detail-types.js';
import { mapRetellDetail } from './map-retell-detail.js';

/**
 * `GET /v2/get-call/{call_id}`: the one read with the transcript (the v3 list leaves it out).
 * It answers any call the key can see, whatever its agent, so the record's `agent_id`
 * decides whether it is the binding's.
 */
export const retellDetail: DetailRead<{ call: RetellCallDetail }> = {
  reads: {
    call: {
      buildRequest: ({ credential, conversationId }) => ({
        method: 'GET',
        path: `/v2/get-call/${encodeURIComponent(conversationId)}`,
        headers: { authorization: `Bearer ${credential}`, accept: 'application/json' },
      }),
      parse(body) {
        if (typeof asObject(body).call_id !== 'string') throw new VendorShapeError('Retell get-call response has no call_id');
        return body as RetellCallDetail;
      },
    },
  },
  ownership: 'record',
  map: ({ call }) => mapRetellDetail(call),
};
