package dev.tributary.server.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.tributary.broker.delivery.Delivery;
import dev.tributary.broker.subscription.SinkSpec;
import dev.tributary.broker.subscription.SubscriptionSpec;
import dev.tributary.core.BinaryMode;
import dev.tributary.core.CloudEventJson;
import dev.tributary.core.delivery.WebhookSigner;
import dev.tributary.server.cli.Version;
import io.cloudevents.CloudEvent;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.time.Instant;
import java.util.Base64;

/**
 * The headers and body of one delivery attempt's POST, built in layers where a later layer wins over an earlier one
 * (header names compare case-insensitively):
 *
 * <pre>
 * user-agent: Tributary/&lt;version&gt;
 * the subscription's protocolsettings.headers
 * authorization: Bearer … | Basic …                       from sinkcredential
 * binary:     ce-* (percent-encoded) + content-type = datacontenttype, body = the data bytes exactly
 * structured: content-type: application/cloudevents+json, body = the event as CloudEvents JSON
 * webhook-id, webhook-timestamp, webhook-signature        when the subscription has signing secrets
 * </pre>
 *
 * The signature covers exactly the body that is sent. {@code SinkSpec} already refuses custom headers that would
 * collide with the others; the layering makes sure of it. Built on the caller's thread; not changed afterwards.
 *
 * @param headers case-insensitive, to be sent as they are
 * @param body the exact bytes to send
 */
record OutgoingRequest(MultiMap headers, byte[] body) {
    static final String STRUCTURED_TYPE = "application/cloudevents+json";
    static final String USER_AGENT = "Tributary/" + Version.current();

    /**
     * @param now the attempt's time, for {@code webhook-timestamp}
     * @throws IllegalArgumentException if the signer refuses the delivery's message id
     */
    static OutgoingRequest of(
            SubscriptionSpec subscription, SinkSpec.Http sink, Delivery delivery, Instant now, WebhookSigner signer) {
        CloudEvent event = delivery.event();
        MultiMap headers = HttpHeaders.headers();
        headers.set(HttpHeaders.USER_AGENT, USER_AGENT);
        sink.headers().forEach(headers::set);
        switch (sink.credential()) {
            case SinkSpec.Credential.None none -> {}
            case SinkSpec.Credential.Bearer bearer ->
                headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + bearer.token());
            case SinkSpec.Credential.Basic basic -> headers.set(HttpHeaders.AUTHORIZATION, "Basic "
                    + Base64.getEncoder().encodeToString((basic.username() + ":" + basic.password()).getBytes(UTF_8)));
        }
        byte[] body;
        if (sink.mode() == SinkSpec.Mode.STRUCTURED) {
            headers.set(HttpHeaders.CONTENT_TYPE, STRUCTURED_TYPE);
            body = CloudEventJson.toJson(event);
        } else {
            BinaryMode.encodeHeaders(event).forEach(headers::set);
            body = event.getData() == null ? new byte[0] : event.getData().toBytes();
        }
        if (!subscription.signing().isEmpty()) {
            signer.headers(delivery.messageId(), now, body, subscription.signing()).forEach(headers::set);
        }
        return new OutgoingRequest(headers, body);
    }
}
