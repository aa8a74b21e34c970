import type { ApiEvent, ApiEventPayload } from '../../../shared/api/contract';

export type EventListener = <E extends ApiEvent>(event: E, payload: ApiEventPayload<E>) => void;

/** Fan-out of API events to every connected transport (IPC windows, SSE clients). */
export class ApiEvents {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends ApiEvent>(event: E, payload: ApiEventPayload<E>): void {
    for (const listener of this.listeners) listener(event, payload);
  }
}
