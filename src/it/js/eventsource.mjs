// A minimal EventSource for Node 20 (which has none), built on fetch streaming: enough for centrifuge-js's 'sse'
// transport (onopen, onmessage with data, onerror, close). Browsers use their own EventSource. Like a browser's, it
// dispatches each event in a task of its own (see browser-like.mjs for why centrifuge-js needs that).
export class FetchEventSource {
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    this.onopen = null;
    this.onmessage = null;
    this.onerror = null;
    this._abort = new AbortController();
    this._run();
  }

  async _run() {
    try {
      const response = await fetch(this.url, { headers: { Accept: 'text/event-stream' }, signal: this._abort.signal });
      if (response.status !== 200) {
        throw new Error(`HTTP ${response.status}`);
      }
      this.readyState = 1;
      this._dispatch(() => this.onopen?.({}));
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5).replace(/^ /, ''));
          if (data.length > 0) {
            const event = { data: data.join('\n') };
            this._dispatch(() => this.onmessage?.(event));
          }
        }
      }
      throw new Error('stream ended');
    } catch (error) {
      if (this.readyState !== 2) {
        this.readyState = 2;
        this._dispatch(() => this.onerror?.(error));
      }
    }
  }

  _dispatch(fire) {
    setImmediate(fire);
  }

  close() {
    this.readyState = 2;
    this._abort.abort();
  }
}
