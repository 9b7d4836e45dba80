package dev.tributary.core.delivery;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;

/**
 * Signs webhook deliveries the Standard Webhooks v1 way (https://www.standardwebhooks.com/, {@code
 * spec/standard-webhooks.md}, "Signature scheme" and "Webhook headers"), so that any of its receiver libraries can
 * verify them:
 *
 * <pre>
 * webhook-id:        msg_2KWPBgLlAfxdpx2AI54pPJ85f4W           same on every attempt; the receiver's idempotency key
 * webhook-timestamp: 1674087231                                this attempt, Unix seconds; guards against replay
 * webhook-signature: v1,&lt;base64 sig&gt; v1,&lt;base64 sig&gt; …            one per secret, space-separated (rotation)
 *
 * sig = HMAC-SHA256(secret, id + "." + timestamp + "." + body)
 * </pre>
 *
 * <p>The body is signed exactly as given and must be sent exactly so: re-serializing JSON breaks signatures. Thread-safe:
 * each thread reuses its own {@link Mac}, so signing costs no provider lookup after a thread's first call. Bad
 * arguments throw {@link IllegalArgumentException}.
 */
public final class WebhookSigner {
    /** Header carrying the message id. */
    public static final String ID_HEADER = "webhook-id";
    /** Header carrying the attempt's Unix time in seconds. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** Header carrying the space-separated signatures. */
    public static final String SIGNATURE_HEADER = "webhook-signature";

    static final String HMAC = "HmacSHA256";

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance(HMAC);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide " + HMAC, e);
        }
    });

    /**
     * The three Standard Webhooks headers for one attempt, in the order id, timestamp, signature.
     *
     * @param msgId the delivery's stable id: non-empty visible ASCII without {@code .} (the spec forbids the dot in
     *     the signed id; a space or control character would corrupt the header)
     * @param timestamp when this attempt is made; sent as whole Unix seconds
     * @param body the exact bytes that will be sent
     * @param secrets the endpoint's current secret and any still-valid old ones; one signature each, in this order
     */
    public Map<String, String> headers(String msgId, Instant timestamp, byte[] body, List<WebhookSecret> secrets) {
        long seconds = seconds(timestamp);
        if (secrets.isEmpty()) {
            throw new IllegalArgumentException("secrets must not be empty");
        }
        StringBuilder signatures = new StringBuilder(secrets.size() * 48);
        for (WebhookSecret secret : secrets) {
            if (!signatures.isEmpty()) {
                signatures.append(' ');
            }
            signatures.append(signature(msgId, seconds, body, secret));
        }
        Map<String, String> headers = new LinkedHashMap<>(4);
        headers.put(ID_HEADER, msgId);
        headers.put(TIMESTAMP_HEADER, Long.toString(seconds));
        headers.put(SIGNATURE_HEADER, signatures.toString());
        return Collections.unmodifiableMap(headers);
    }

    /** One signature, {@code v1,<base64>}, over {@code msgId.timestampSeconds.body} with {@code secret}. */
    public String signature(String msgId, long timestampSeconds, byte[] body, WebhookSecret secret) {
        checkId(msgId);
        if (timestampSeconds < 0) {
            throw new IllegalArgumentException("timestamp must not be before 1970, was " + timestampSeconds);
        }
        Objects.requireNonNull(body, "body");
        Mac mac = MAC.get();
        try {
            mac.init(secret.spec());
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 refused a " + secret, e);
        }
        // The id was checked to be ASCII, and a decimal timestamp is too, so their bytes are their chars.
        mac.update(msgId.getBytes(US_ASCII));
        mac.update((byte) '.');
        mac.update(Long.toString(timestampSeconds).getBytes(US_ASCII));
        mac.update((byte) '.');
        mac.update(body);
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal());
    }

    private static long seconds(Instant timestamp) {
        long seconds = timestamp.getEpochSecond();
        if (seconds < 0) {
            throw new IllegalArgumentException("timestamp must not be before 1970, was " + timestamp);
        }
        return seconds;
    }

    private static void checkId(String msgId) {
        if (msgId.isEmpty()) {
            throw new IllegalArgumentException("msgId must not be empty");
        }
        for (int i = 0; i < msgId.length(); i++) {
            char c = msgId.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '.') {
                throw new IllegalArgumentException(
                        "msgId must be visible ASCII without '.', has " + describe(c) + " at index " + i);
            }
        }
    }

    private static String describe(char c) {
        return c > ' ' && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }
}
