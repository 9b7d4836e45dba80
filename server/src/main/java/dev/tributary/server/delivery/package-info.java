/**
 * Outbound delivery over HTTP(S): {@link dev.tributary.server.delivery.HttpSinkFactory} opens the
 * {@link dev.tributary.broker.delivery.Sink} of a subscription whose sink is a URL, on one shared Vert.x client, and
 * {@link dev.tributary.server.delivery.OutboundPolicy} says which addresses such sinks may reach (the SSRF guard).
 * Everything else here is package-private: how a request is encoded and signed, how one attempt runs, how a response
 * is read within bounds.
 */
package dev.tributary.server.delivery;
