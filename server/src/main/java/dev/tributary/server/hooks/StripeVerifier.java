package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.ArrayList;
import java.util.List;

/**
 * Stripe's scheme ({@link StripeConfig}): {@code Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>…][,v0=…]}, each
 * {@code v1} an HMAC-SHA256 of {@code t + "." + body}. Stripe lists several {@code v1} while it rolls a secret; any
 * one matching any configured secret is enough. Items other than {@code t} and {@code v1} are ignored, as Stripe's
 * libraries ignore them. Immutable, so thread-safe.
 */
final class StripeVerifier extends SignatureVerifier {
    static final String SIGNATURE = "Stripe-Signature";

    private final StripeConfig config;

    StripeVerifier(StripeConfig config) {
        this.config = config;
    }

    @Override
    Verification check(HookRequest request) {
        String timestamp = null;
        int timestamps = 0;
        List<byte[]> signatures = new ArrayList<>(2);
        for (String item : Signatures.header(request, SIGNATURE).split(",", -1)) {
            int eq = item.indexOf('=');
            String key = eq < 0 ? item.strip() : item.substring(0, eq).strip();
            String value = eq < 0 ? "" : item.substring(eq + 1).strip();
            if (key.equals("t")) {
                timestamp = value;
                timestamps++;
            } else if (key.equals("v1")) {
                byte[] signature = Signatures.hex(value);
                if (signature == null) {
                    throw malformed("v1 signatures must be hex");
                }
                if (signatures.size() == Signatures.MAX_SIGNATURES) {
                    throw malformed("more than " + Signatures.MAX_SIGNATURES + " v1 signatures");
                }
                signatures.add(signature);
            }
        }
        if (timestamps != 1 || timestamp.isEmpty() || !timestamp.chars().allMatch(c -> c >= '0' && c <= '9')
                || timestamp.length() > 12) {
            throw malformed("needs t=<unix seconds>");
        }
        if (signatures.isEmpty()) {
            throw malformed("needs v1=<hex signature>");
        }
        Signatures.withinTolerance(SIGNATURE, Long.parseLong(timestamp), request.receivedAt(), config.tolerance());
        byte[] signedPrefix = (timestamp + ".").getBytes(US_ASCII);
        for (HookSecret secret : config.secrets()) {
            byte[] expected = Hmac.sign(HmacConfig.Algorithm.SHA256, secret.key(), signedPrefix, request.body());
            if (ConstantTime.anyEqual(expected, signatures)) {
                return Verification.ok();
            }
        }
        return Verification.signatureMismatch(SIGNATURE);
    }

    private static Refusal malformed(String why) {
        return new Refusal(Verification.malformedHeader(SIGNATURE, why));
    }
}
