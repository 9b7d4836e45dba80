package dev.tributary.server.hooks;

import dev.tributary.core.delivery.WebhookSecret;
import dev.tributary.core.delivery.WebhookSigner;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The Standard Webhooks scheme ({@link StandardWebhooksConfig}), under {@code webhook-*} or Svix's {@code svix-*}
 * header names. The expected signature is made by {@link WebhookSigner}, the same code that signs Tributary's own
 * deliveries, so the two directions cannot drift apart. Immutable, so thread-safe.
 *
 * <p>Order of the checks, as in the reference libraries: the three headers, the timestamp's tolerance, then the
 * signatures. Entries of other versions ({@code v1a,…}) are skipped; a {@code v1} entry that is not base64 simply
 * matches nothing, as it would in those libraries.
 */
final class StandardWebhooksVerifier extends SignatureVerifier {
    private static final WebhookSigner SIGNER = new WebhookSigner();

    /** The three header names of one naming: {@code webhook-*} (the spec) or {@code svix-*} (Svix's default). */
    record Names(String id, String timestamp, String signature) {
        static final Names STANDARD = new Names("webhook-id", "webhook-timestamp", "webhook-signature");
        static final Names SVIX = new Names("svix-id", "svix-timestamp", "svix-signature");

        /** The naming the request uses: Svix's when it has a {@code svix-*} header and no {@code webhook-*} one. */
        static Names of(HookRequest request) {
            return !STANDARD.any(request) && SVIX.any(request) ? SVIX : STANDARD;
        }

        private boolean any(HookRequest request) {
            return request.headers().has(id) || request.headers().has(timestamp) || request.headers().has(signature);
        }
    }

    private final StandardWebhooksConfig config;

    StandardWebhooksVerifier(StandardWebhooksConfig config) {
        this.config = config;
    }

    @Override
    Verification check(HookRequest request) {
        Names names = Names.of(request);
        String id = Signatures.header(request, names.id());
        String timestamp = Signatures.header(request, names.timestamp());
        String header = Signatures.header(request, names.signature());
        if (!isMessageId(id)) {
            // The spec forbids '.' in the id: it would make "id.timestamp.body" ambiguous.
            throw new Refusal(Verification.malformedHeader(names.id(), "must be visible ASCII without '.'"));
        }
        long seconds = Signatures.unixSeconds(names.timestamp(), timestamp);
        Signatures.withinTolerance(names.timestamp(), seconds, request.receivedAt(), config.tolerance());
        List<byte[]> signatures = signatures(names.signature(), header);
        for (WebhookSecret secret : config.secrets()) {
            String signed = SIGNER.signature(id, seconds, request.body(), secret);
            byte[] expected = Base64.getDecoder().decode(signed.substring("v1,".length()));
            if (ConstantTime.anyEqual(expected, signatures)) {
                return Verification.ok();
            }
        }
        return Verification.signatureMismatch(names.signature());
    }

    private static List<byte[]> signatures(String name, String header) {
        List<byte[]> signatures = new ArrayList<>(2);
        boolean anyV1 = false;
        int entries = 0;
        for (String entry : header.split(" ")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (++entries > Signatures.MAX_SIGNATURES) {
                throw new Refusal(Verification.malformedHeader(name, "more than " + Signatures.MAX_SIGNATURES
                        + " signatures"));
            }
            if (entry.startsWith("v1,")) {
                anyV1 = true;
                byte[] signature = Signatures.base64(entry.substring("v1,".length()));
                if (signature != null) {
                    signatures.add(signature);
                }
            }
        }
        if (!anyV1) {
            throw new Refusal(Verification.malformedHeader(name, "no v1,<base64> signature"));
        }
        return signatures;
    }

    private static boolean isMessageId(String id) {
        if (id.isEmpty()) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '.') {
                return false;
            }
        }
        return true;
    }
}
