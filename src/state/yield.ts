/**
 * Lets the page handle input, timers and paint between slices of a long job: a message to itself, a task like any
 * other (scheduler.yield's continuations go before the page's timers; nested setTimeout(0) waits 4 ms a slice).
 */
export const yieldToPage = (): Promise<void> => new Promise((resolve) => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => { channel.port1.close(); resolve(); };
  channel.port2.postMessage(null);
});
