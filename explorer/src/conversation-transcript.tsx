import type { ConversationDetail, Message } from './api-types.js';
import { formatTime, utcTime } from './format.js';

const SPEAKERS: Record<Message['role'], string> = { agent: 'AI agent', user: 'Contact', human: 'Human agent', system: 'System', tool: 'Tool' };

/**
 * What was said in a conversation: the vendor's summary and recording link first, then the
 * messages as a conversation (who, when, how far into the call), tool calls folded, and the
 * vendor's analysis at the end. Where there is no transcript, why.
 */
export function ConversationTranscript({ detail }: { detail: ConversationDetail }) {
  const { transcript, messages, summary, recordingUrl, analysis } = detail;
  return (
    <section aria-label="Conversation" class="conversation">
      <h3>Conversation</h3>
      {summary && <p class="conversation-summary">{summary}</p>}
      {recordingUrl && (
        <p>
          <a href={recordingUrl} target="_blank" rel="noopener noreferrer">
            Recording
          </a>
        </p>
      )}
      {transcript.status === 'ok' ? (
        <ol class="transcript" aria-label="Transcript">
          {messages.map((message, index) => (
            <MessageItem key={index} message={message} />
          ))}
        </ol>
      ) : (
        <p class="transcript-status" role="note" data-transcript-status={transcript.status}>
          {transcriptNote(detail)}
        </p>
      )}
      {analysis && (
        <details class="analysis">
          <summary>The vendor's analysis</summary>
          <pre class="raw-record">{JSON.stringify(analysis, null, 2)}</pre>
        </details>
      )}
    </section>
  );
}

function MessageItem({ message }: { message: Message }) {
  const call = message.toolCall;
  return (
    <li class={`message role-${message.role}`} data-role={message.role}>
      <div class="message-head">
        <span class="speaker">{SPEAKERS[message.role]}</span>
        {message.at && (
          <time dateTime={message.at} title={utcTime(message.at)}>
            {formatTime(message.at)}
          </time>
        )}
        {message.offsetSec !== null && <span class="offset">{offsetText(message.offsetSec)}</span>}
        {message.interrupted && <span class="interrupted">interrupted</span>}
      </div>
      {call ? (
        <details class="tool-call">
          <summary>
            Called <code>{call.name}</code>
          </summary>
          <pre class="raw-record">{JSON.stringify({ arguments: call.arguments, result: call.result }, null, 2)}</pre>
        </details>
      ) : (
        <p class="message-text">{message.text}</p>
      )}
    </li>
  );
}

/** `1:05` into the call. */
function offsetText(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
}

function transcriptNote({ transcript }: ConversationDetail): string {
  switch (transcript.status) {
    case 'unsupported':
      return `No transcript: ${transcript.reason ?? 'the vendor publishes none'}`;
    case 'unavailable':
      return `No transcript yet: ${transcript.reason ?? 'the vendor has none for this conversation'}`;
    case 'error':
      return `The transcript could not be read: ${transcript.error?.message ?? 'the vendor failed'}`;
    default:
      return '';
  }
}
