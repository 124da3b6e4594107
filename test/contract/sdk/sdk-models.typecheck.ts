/**
 * Compiled by `npm run typecheck`, never run: the values the simulators write must be
 * members of the official SDKs' models, so a simulator can never invent an enum value the
 * vendor's own client does not know. (The suites next to this file check the records
 * themselves at run time, through the clients.)
 */
import type { ElevenLabs } from '@elevenlabs/elevenlabs-js';
import type { Vapi } from '@vapi-ai/server-sdk';
import type { CallListParams, CallListResponse } from 'retell-sdk/resources/call';
import type { ElevenLabsBinding } from '../../../adapters/elevenlabs/elevenlabs-types.js';
import { GENERATED_SOURCES } from '../../../adapters/elevenlabs/elevenlabs-simulator.js';
import { INITIATION_SOURCES, SORT_DIRECTIONS, STATUSES, SUCCESS_RESULTS } from '../../../adapters/elevenlabs/elevenlabs-simulator-query.js';
import { REASONS, SENTIMENTS } from '../../../adapters/retell/retell-simulator.js';
import type { RetellFilterCriteria } from '../../../adapters/retell/retell-types.js';
import { ENDED_REASONS, LIVE_STATUSES, TYPES } from '../../../adapters/vapi/vapi-simulator.js';

/** `true` only when every value of the tuple is a member of `Allowed`. */
type Within<Values extends readonly unknown[], Allowed> = [Values[number]] extends [Allowed] ? true : never;
/** `true` only when `Allowed` and the tuple hold the same values. */
type Same<Values extends readonly unknown[], Allowed> = [Values[number]] extends [Allowed] ? ([Allowed] extends [Values[number]] ? true : never) : never;

type PhoneCall = CallListResponse.V3PhoneCallResponse;

export const simulatorValuesAreSdkValues: true[] = [
  // Vapi: call types, live statuses and end reasons.
  true satisfies Within<typeof TYPES, Vapi.CallType>,
  true satisfies Within<typeof LIVE_STATUSES, Vapi.CallStatus>,
  true satisfies Within<typeof ENDED_REASONS, Vapi.CallEndedReason>,
  // Retell: disconnection reasons and sentiments.
  true satisfies Within<typeof REASONS, NonNullable<PhoneCall['disconnection_reason']>>,
  true satisfies Within<typeof SENTIMENTS, NonNullable<NonNullable<PhoneCall['call_analysis']>['user_sentiment']>>,
  // ElevenLabs: the simulator accepts exactly the SDK's enums, and writes only their values.
  true satisfies Same<typeof INITIATION_SOURCES, ElevenLabs.ConversationInitiationSource>,
  true satisfies Within<typeof GENERATED_SOURCES, ElevenLabs.ConversationInitiationSource>,
  true satisfies Same<typeof STATUSES, ElevenLabs.ConversationSummaryResponseModelStatus>,
  true satisfies Same<typeof SUCCESS_RESULTS, ElevenLabs.EvaluationResultFilter>,
  true satisfies Same<typeof SORT_DIRECTIONS, ElevenLabs.SortDirection>,
];

/**
 * The adapter's Retell filter type is the SDK's: what the adapter sends, the client would
 * send. (`disconnection_reason` takes any string on our side: its 34 values are the SDK's to keep.)
 */
export const retellFiltersAreSdkFilters = (filters: Omit<RetellFilterCriteria, 'disconnection_reason'>): CallListParams.FilterCriteria => filters;

/** A binding's `branchId` is the SDK's `branchId` filter. */
export const elevenlabsBranchIsSdkBranch = (binding: ElevenLabsBinding): ElevenLabs.conversationalAi.ConversationsListRequest => ({ agentId: binding.agentId, branchId: binding.branchId });
