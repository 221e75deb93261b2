// Node 20 has no global WebSocket, and supabase-js creates its realtime
// client when the client is created. The tests open no realtime channel, so
// this transport only fails, with a clear message, if one is ever opened.
class RealtimeUnavailable {
  constructor() {
    throw new Error("the tests do not use realtime channels");
  }
}

// The `realtime` option of every supabase-js client the tests create.
export const TEST_REALTIME_OPTIONS = {
  transport: RealtimeUnavailable as unknown as typeof WebSocket,
};
