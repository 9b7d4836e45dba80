package dev.tributary.server.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One signature in one header, {@code prefix + encoding(HMAC(secret, signed content))}, optionally with a signed
 * timestamp header that must be within a tolerance of the receive time. The generic {@code hmac} provider is this
 * scheme as configured; GitHub, Shopify and Slack are this scheme with their documented constants (see
 * {@link Verifier#of}). Immutable, so thread-safe.
 *
 * <p>Order of the checks: the timestamp first (no MAC is computed for a replay), then the signature's syntax, then
 * the MAC against each secret.
 */
final class HmacVerifier extends SignatureVerifier {
    private final List<HookSecret> secrets;
    private final String header;
    private final HmacConfig.Algorithm algorithm;
    private final HmacConfig.Encoding encoding;
    private final String prefix;
    private final SignedContent content;
    private final String timestampHeader;
    private final Duration tolerance;
    private final String expected;

    /** @param timestampHeader {@code null} for a scheme without a timestamp; then {@code tolerance} is unused */
    HmacVerifier(
            List<HookSecret> secrets,
            String header,
            HmacConfig.Algorithm algorithm,
            HmacConfig.Encoding encoding,
            String prefix,
            SignedContent content,
            String timestampHeader,
            Duration tolerance) {
        this.secrets = List.copyOf(secrets);
        this.header = header;
        this.algorithm = algorithm;
        this.encoding = encoding;
        this.prefix = prefix;
        this.content = content;
        this.timestampHeader = timestampHeader;
        this.tolerance = tolerance;
        this.expected = "expected " + prefix + "<" + encoding.name().toLowerCase(Locale.ROOT) + ">";
    }

    static HmacVerifier of(HmacConfig config) {
        return new HmacVerifier(
                config.secrets(),
                config.header(),
                config.algorithm(),
                config.encoding(),
                config.prefix(),
                SignedContent.parse(config.signedContent()),
                config.timestampHeader().orElse(null),
                config.tolerance());
    }

    @Override
    Verification check(HookRequest request) {
        String timestamp = null;
        if (timestampHeader != null) {
            timestamp = Signatures.header(request, timestampHeader);
            long seconds = Signatures.unixSeconds(timestampHeader, timestamp);
            Signatures.withinTolerance(timestampHeader, seconds, request.receivedAt(), tolerance);
        }
        byte[] received = decode(Signatures.header(request, header));
        byte[][] pieces = content.render(request, timestamp);
        for (HookSecret secret : secrets) {
            if (ConstantTime.equal(Hmac.sign(algorithm, secret.key(), pieces), received)) {
                return Verification.ok();
            }
        }
        return Verification.signatureMismatch(header);
    }

    private byte[] decode(String value) {
        byte[] bytes = null;
        if (value.startsWith(prefix)) {
            String text = value.substring(prefix.length());
            bytes = encoding == HmacConfig.Encoding.HEX ? Signatures.hex(text) : Signatures.base64(text);
        }
        if (bytes == null) {
            throw new Refusal(Verification.malformedHeader(header, expected));
        }
        return bytes;
    }
}
