/**
 * The deployment tests drive the game's own client in Node. Node's built-in WebSocket fires no
 * `close` after a failed connection attempt (browsers do), so the SDK's reconnection would wait
 * for ever after its first try at a dead process (the client's watchdog then steps in after 10 s).
 * To measure what a browser does, the SDK gets the `ws` package here, which behaves like one:
 * @colyseus/sdk takes `globalThis.WebSocket` when there is one, else `ws`.
 */
Reflect.deleteProperty(globalThis, 'WebSocket');
