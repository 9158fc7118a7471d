// One WebSocket client of /ws/v1/events (docs/push.md), as the push benchmark uses it: it
// authenticates with its first message, subscribes to one or more organizations without a
// last version, and records what arrives with the time it arrived.

import { WebSocket } from "ws";
import { instantMillis } from "./stats.mjs";

/** Wall-clock milliseconds with a fraction (the same clock the server's changedAt is read from). */
export function now() {
  return performance.timeOrigin + performance.now();
}

export class PushClient {
  /**
   * @param {object} options
   * @param {number|string} options.id a name for the log
   * @param {string} options.url the node's ws:// URL of /ws/v1/events
   * @param {number} options.node the node's index
   * @param {string} options.token the JWT sent in the auth message
   * @param {string[]} options.organizationIds what to subscribe to
   */
  constructor({ id, url, node, token, organizationIds }) {
    this.id = id;
    this.url = url;
    this.node = node;
    this.token = token;
    this.organizationIds = organizationIds;
    /** organization id → the version of its `subscribed` answer (the latest one). */
    this.subscribed = new Map();
    /** cache_invalidation events: { organizationId, version, changedAt, receivedAt, latencyMs }. */
    this.received = [];
    /** resync messages: { organizationId, version, receivedAt }. */
    this.resyncs = [];
    this.refreshStatuses = 0;
    this.recoveredTrue = 0;
    this.closed = null;
    this.error = null;
    this.socket = null;
    this.waiting = new Map();
  }

  /** Connects, authenticates and subscribes; resolves once every organization is subscribed. */
  start(timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => fail(new Error(`client ${this.id}: not subscribed within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const fail = (error) => {
        clearTimeout(timer);
        this.error ??= error;
        this.terminate();
        reject(error);
      };
      const pending = new Set(this.organizationIds);
      this.onSubscribed = (organizationId) => {
        pending.delete(organizationId);
        if (pending.size === 0) {
          clearTimeout(timer);
          this.onSubscribed = null;
          this.onEarlyClose = null;
          resolve(this);
        }
      };
      this.onEarlyClose = (code, reason) =>
        fail(new Error(`client ${this.id}: closed ${code} ${reason} before it was subscribed`));
      const socket = new WebSocket(this.url, {
        perMessageDeflate: false,
        handshakeTimeout: timeoutMs,
      });
      this.socket = socket;
      socket.on("open", () => this.send({ type: "auth", token: this.token }));
      socket.on("message", (data, isBinary) => this.handle(now(), data, isBinary));
      socket.on("error", (error) => {
        this.error ??= error;
        if (this.onEarlyClose) fail(error);
      });
      socket.on("close", (code, reason) => {
        this.closed ??= { code, reason: reason.toString(), at: now() };
        if (this.onEarlyClose) this.onEarlyClose(code, reason.toString());
      });
    });
  }

  handle(receivedAt, data, isBinary) {
    if (isBinary) {
      this.error ??= new Error(`client ${this.id}: a binary frame`);
      return;
    }
    let message;
    try {
      message = JSON.parse(data.toString());
    } catch (error) {
      this.error ??= new Error(`client ${this.id}: unparsable frame: ${error.message}`);
      return;
    }
    switch (message.type) {
      case "authenticated":
        for (const organizationId of this.organizationIds) {
          this.send({ type: "subscribe", organizationId });
        }
        break;
      case "subscribed":
        this.subscribed.set(message.organizationId, message.version);
        if (message.recovered === true) this.recoveredTrue++;
        this.waiting.get(message.organizationId)?.(message.version);
        this.onSubscribed?.(message.organizationId);
        break;
      case "cache_invalidation": {
        const changedAt = instantMillis(message.changedAt);
        this.received.push({
          organizationId: message.organizationId,
          version: message.version,
          reason: message.reason,
          changedAt,
          receivedAt,
          latencyMs: receivedAt - changedAt,
        });
        break;
      }
      case "refresh_status":
        this.refreshStatuses++;
        break;
      case "resync":
        this.resyncs.push({
          organizationId: message.organizationId,
          version: message.version,
          receivedAt,
        });
        break;
      case "pong":
        break;
      default:
        this.error ??= new Error(`client ${this.id}: unknown message type ${message.type}`);
    }
  }

  /**
   * Asks the node for its current version of each organization again (unsubscribe, subscribe):
   * resolves with a Map organization id → version.
   */
  async versions(timeoutMs) {
    const answers = await Promise.all(
      this.organizationIds.map(
        (organizationId) =>
          new Promise((resolve, reject) => {
            const timer = setTimeout(() => {
              this.waiting.delete(organizationId);
              reject(new Error(`client ${this.id}: no subscribed answer for ${organizationId}`));
            }, timeoutMs);
            this.waiting.set(organizationId, (version) => {
              clearTimeout(timer);
              this.waiting.delete(organizationId);
              resolve([organizationId, version]);
            });
            this.send({ type: "unsubscribe", organizationId });
            this.send({ type: "subscribe", organizationId });
          }),
      ),
    );
    return new Map(answers);
  }

  /** The version of the organization's `subscribed` answer (one-organization clients). */
  get subscribedVersion() {
    return this.subscribed.get(this.organizationIds[0]);
  }

  get organizationId() {
    return this.organizationIds[0];
  }

  open() {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  send(message) {
    if (this.open()) this.socket.send(JSON.stringify(message));
  }

  /** A normal close (1000); resolves when the socket has closed or after a second. */
  close() {
    return new Promise((resolve) => {
      if (!this.socket || this.socket.readyState === WebSocket.CLOSED) return resolve();
      const timer = setTimeout(() => {
        this.terminate();
        resolve();
      }, 1000);
      this.socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      this.socket.close(1000, "benchmark done");
    });
  }

  terminate() {
    this.onEarlyClose = null;
    this.socket?.terminate();
  }
}
