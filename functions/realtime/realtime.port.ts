import type { RealtimeEvent } from '../../shared/realtime/events.js';

/** Pushes to browsers (Web PubSub behind this port). */
export interface RealtimePort {
  /** A client access URL for `userId` that may join exactly `groups`. */
  clientAccessUrl(userId: string, groups: string[], minutes?: number): Promise<string>;
  sendToGroup(group: string, event: RealtimeEvent): Promise<void>;
  sendToUser(userId: string, event: RealtimeEvent): Promise<void>;
}
