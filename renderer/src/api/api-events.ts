import { apiEvents, type ApiEvent, type ApiEventPayload } from '../../../shared/api/contract';

/** One validated event, as a union the listener can `switch` on: `event` narrows `payload`. */
export type ApiEventMessage = { [E in ApiEvent]: { event: E; payload: ApiEventPayload<E> } }[ApiEvent];

export type ApiEventListener = (message: ApiEventMessage) => void;

function isApiEvent(name: string): name is ApiEvent {
  return Object.prototype.hasOwnProperty.call(apiEvents, name);
}

/**
 * Checks a raw event against the contract. Unknown or malformed events are dropped (null): a UI that
 * acted on half-understood data would be worse than one that missed an update; the next refresh heals it.
 */
export function validateEvent(name: string, payload: unknown): ApiEventMessage | null {
  if (!isApiEvent(name)) return null;
  const parsed = apiEvents[name].safeParse(payload);
  if (!parsed.success) return null;
  return { event: name, payload: parsed.data } as ApiEventMessage;
}
