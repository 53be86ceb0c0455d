import type { SheetChanged, SheetEventsPublisher } from './sheet-events.port.js';

/** Until the event channel is wired (Service Bus → Web PubSub), sheet changes are recorded here. */
export class RecordingPublisher implements SheetEventsPublisher {
  readonly published: SheetChanged[] = [];

  async publishSheetChanged(event: SheetChanged): Promise<void> {
    this.published.push(event);
    if (this.published.length > 1000) this.published.shift();
  }
}
