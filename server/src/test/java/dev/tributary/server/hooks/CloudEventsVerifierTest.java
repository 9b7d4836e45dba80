package dev.tributary.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Bearer tokens as the CloudEvents web-hook spec §3 asks a target to take them: header or query, never both; two
 * tokens while rotating; the origin a restricted hook demands.
 */
class CloudEventsVerifierTest {
    private static final String CURRENT = "current-token-0123456789";
    private static final String PREVIOUS = "previous-token-012345678";
    private static final Verifier ANY_ORIGIN = verifier(List.of("*"));

    @Test
    void acceptsTheBearerTokenInAnyCaseOfTheScheme() {
        assertThat(verify(ANY_ORIGIN, "", "Authorization", "Bearer " + CURRENT).isOk()).isTrue();
        assertThat(verify(ANY_ORIGIN, "", "Authorization", "bearer  " + CURRENT + " ").isOk()).isTrue();
    }

    @Test
    void acceptsThePreviousTokenDuringARotation() {
        assertThat(verify(ANY_ORIGIN, "", "Authorization", "Bearer " + PREVIOUS).isOk()).isTrue();
    }

    @Test
    void acceptsTheTokenInTheAccessTokenQueryParameter() {
        assertThat(verify(ANY_ORIGIN, "a=b&access_token=" + CURRENT).isOk()).isTrue();
    }

    @Test
    void refusesAnotherTokenOfAnyLength() {
        Verification other = verify(ANY_ORIGIN, "", "Authorization", "Bearer another-token-0123456");
        Verification prefix = verify(ANY_ORIGIN, "", "Authorization", "Bearer " + CURRENT.substring(0, 20));
        Verification query = verify(ANY_ORIGIN, "access_token=another-token-0123456");

        assertThat(other.failure()).contains(Verification.Failure.TOKEN_MISMATCH);
        assertThat(other.reason()).isEqualTo("token does not match");
        assertThat(prefix.failure()).contains(Verification.Failure.TOKEN_MISMATCH);
        assertThat(query.header()).isEqualTo("access_token");
    }

    @Test
    void refusesATokenSentBothWaysAsRfc6750Forbids() {
        Verification both = verify(ANY_ORIGIN, "access_token=" + CURRENT, "Authorization", "Bearer " + CURRENT);

        assertThat(both.failure()).contains(Verification.Failure.MALFORMED_HEADER);
        assertThat(both.reason()).contains("not both");
    }

    @Test
    void refusesAMissingOrMalformedAuthorization() {
        assertThat(verify(ANY_ORIGIN, "").reason()).isEqualTo("missing header Authorization");
        assertThat(verify(ANY_ORIGIN, "", "Authorization", "Basic dXNlcjpwYXNz").reason())
                .isEqualTo("malformed header Authorization: expected Bearer <token>");
        assertThat(verify(ANY_ORIGIN, "", "Authorization", "Bearer").failure())
                .contains(Verification.Failure.MALFORMED_HEADER);
        assertThat(verify(ANY_ORIGIN, "access_token=a&access_token=b").reason())
                .isEqualTo("malformed header access_token: appears more than once");
    }

    @Test
    void demandsAnAllowedOriginWhenTheHookRestrictsThem() {
        Verifier restricted = verifier(List.of("eventemitter.example.com"));
        String auth = "Bearer " + CURRENT;

        assertThat(verify(restricted, "", "Authorization", auth).reason())
                .isEqualTo("missing header WebHook-Request-Origin");
        assertThat(verify(restricted, "", "Authorization", auth, "WebHook-Request-Origin", "evil.example.com")
                .failure()).contains(Verification.Failure.ORIGIN_NOT_ALLOWED);
        assertThat(verify(restricted, "", "Authorization", auth, "WebHook-Request-Origin", "EVENTEMITTER.example.com")
                .isOk()).isTrue();
        // The token is checked first: an unauthorised request learns nothing about the allowed origins.
        assertThat(verify(restricted, "", "Authorization", "Bearer wrong-token-000000000",
                "WebHook-Request-Origin", "evil.example.com").failure()).contains(Verification.Failure.TOKEN_MISMATCH);
    }

    private static Verifier verifier(List<String> origins) {
        return Verifier.of(new CloudEventsConfig(List.of(HookSecret.of(CURRENT), HookSecret.of(PREVIOUS)), origins,
                OptionalInt.empty(), EventOptions.none()));
    }

    private static Verification verify(Verifier verifier, String query, String... headers) {
        List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            entries.add(Map.entry(headers[i], headers[i + 1]));
        }
        return verifier.verify(TestRequests.request("POST", query, entries, new byte[0]));
    }
}
