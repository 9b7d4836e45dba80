package dev.tributary.server.hooks;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.InvalidFieldException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Hook configurations: JSON in and out, redaction and its restoring, and validation that names the member. */
class HookConfigTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"provider\":\"github\",\"secrets\":[\"a\",\"b\"],\"extensions\":{\"X-GitHub-Hook-ID\":\"id1\"}}",
        "{\"provider\":\"stripe\",\"secrets\":[\"whsec_a\"],\"tolerance\":\"PT2M\",\"source\":\"https://stripe.com\"}",
        "{\"provider\":\"standard-webhooks\",\"secrets\":[\"" + SW_SECRET + "\"],\"defaultType\":\"com.example.x\"}",
        "{\"provider\":\"shopify\",\"secrets\":[\"shpss_a\"],\"type\":\"com.example.shop\"}",
        "{\"provider\":\"slack\",\"secrets\":[\"s\"]}",
        "{\"provider\":\"hmac\",\"secrets\":[\"k\"],\"header\":\"X-Sig\",\"algorithm\":\"SHA512\",\"encoding\":\"base64\","
                + "\"prefix\":\"v1=\",\"signedContent\":\"{timestamp}.{body}\",\"timestampHeader\":\"X-Ts\","
                + "\"tolerance\":\"PT30S\",\"idHeader\":\"X-Id\"}",
        "{\"provider\":\"cloudevents\",\"tokens\":[\"token-0123456789abcdef\"],\"allowedOrigins\":[\"a.example.com\"],"
                + "\"allowedRate\":60}",
        "{\"provider\":\"cloudevents\",\"tokens\":[\"token-0123456789abcdef\"],\"allowedRate\":\"*\"}"
    })
    void readsBackWhatItWrites(String text) {
        HookConfig config = HookConfig.fromJson(json(text));

        assertThat(HookConfig.fromJson(config.toJson(false))).isEqualTo(config);
        String written = config.toJson(false).toString();
        assertThat(HookConfig.fromJson(config.toJson(false)).toJson(false).toString()).isEqualTo(written);
    }

    @Test
    void spellsOutEveryDefault() {
        JsonNode hmac = HookConfig.fromJson(json("{\"provider\":\"hmac\",\"secrets\":[\"k\"],\"header\":\"X-Sig\"}"))
                .toJson(false);
        JsonNode stripe = HookConfig.fromJson(json("{\"provider\":\"stripe\",\"secrets\":[\"k\"]}")).toJson(false);
        JsonNode ce = HookConfig.fromJson(
                        json("{\"provider\":\"cloudevents\",\"tokens\":[\"token-0123456789abcdef\"]}"))
                .toJson(false);

        assertThat(hmac.toString()).isEqualTo("{\"provider\":\"hmac\",\"secrets\":[\"k\"],\"header\":\"X-Sig\","
                + "\"algorithm\":\"sha256\",\"encoding\":\"hex\",\"prefix\":\"\",\"signedContent\":\"{body}\","
                + "\"extensions\":{}}");
        assertThat(stripe.path("tolerance").asText()).isEqualTo("PT5M");
        assertThat(ce.path("allowedOrigins").toString()).isEqualTo("[\"*\"]");
        assertThat(ce.path("allowedRate").asText()).isEqualTo("*");
    }

    @Test
    void redactsEverySecretAndTokenInTheAnsweredForm() {
        HookConfig github = config("{'provider':'github','secrets':['first-secret','second']}");
        HookConfig ce = config("{'provider':'cloudevents','tokens':['token-0123456789abcdef']}");
        HookConfig sw = config("{'provider':'standard-webhooks','secrets':['" + SW_SECRET + "']}");

        assertThat(github.toJson(true).path("secrets").toString()).isEqualTo("[\"***\",\"***\"]");
        assertThat(ce.toJson(true).path("tokens").toString()).isEqualTo("[\"***\"]");
        assertThat(sw.toJson(true).toString()).doesNotContain("MfKQ9r8");
        assertThat(github.toString() + ce + sw).doesNotContain("first-secret", "token-0123", "MfKQ9r8");
    }

    @Test
    void keepsTheStoredSecretsForRedactedOnesAndRotatesByPosition() {
        HookConfig stored = HookConfig.fromJson(json("{\"provider\":\"slack\",\"secrets\":[\"old-secret\"]}"));
        ObjectNode edited = stored.toJson(true);
        edited.put("tolerance", "PT1M");
        ObjectNode rotated = stored.toJson(true);
        rotated.putArray("secrets").add("new-secret").add("***");

        SlackConfig kept = (SlackConfig) HookConfig.fromJson(edited, stored);
        SlackConfig rotation = (SlackConfig) HookConfig.fromJson(rotated, stored);

        assertThat(kept.secrets()).extracting(HookSecret::text).containsExactly("old-secret");
        assertThat(kept.tolerance()).isEqualTo(Duration.ofMinutes(1));
        assertThat(rotation.secrets()).extracting(HookSecret::text).containsExactly("new-secret", "old-secret");
    }

    @Test
    void refusesARedactedSecretWithNothingOfThatProviderStored() {
        HookConfig stored = HookConfig.fromJson(json("{\"provider\":\"github\",\"secrets\":[\"gh\"]}"));
        JsonNode stripe = json("{\"provider\":\"stripe\",\"secrets\":[\"***\"]}");
        JsonNode twoKept = json("{\"provider\":\"github\",\"secrets\":[\"***\",\"***\"]}");

        assertField(() -> HookConfig.fromJson(stripe, stored), "secrets[0]", "no secret of this provider is stored");
        assertField(() -> HookConfig.fromJson(stripe), "secrets[0]", "is redacted");
        assertField(() -> HookConfig.fromJson(twoKept, stored), "secrets[1]", "only 1 stored secrets");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        {'provider':'gitlab','secrets':['a']}                      | provider   | must be one of github, stripe
        {'secrets':['a']}                                          | provider   | is required
        [1]                                                        | body       | must be a JSON object
        {'provider':'github'}                                      | secrets    | is required
        {'provider':'github','secrets':[]}                         | secrets    | is required
        {'provider':'github','secrets':['a','b','c']}              | secrets    | at most 2
        {'provider':'github','secrets':['a','a']}                  | secrets[1] | is the same as secrets[0]
        {'provider':'github','secrets':['']}                       | secrets[0] | must not be empty
        {'provider':'github','secrets':[' a']}                     | secrets[0] | whitespace
        {'provider':'github','secrets':'a'}                        | secrets    | must be an array
        {'provider':'github','secrets':['a'],'tolerance':'PT1M'}   | tolerance  | is not a member
        {'provider':'stripe','secrets':['a'],'tolerence':'PT1M'}   | tolerence  | known: extensions, provider, secrets, source, tolerance, type
        {'provider':'stripe','secrets':['a'],'tolerance':'PT0S'}   | tolerance  | must be within PT1S..PT1H
        {'provider':'slack','secrets':['a'],'tolerance':'PT2H'}    | tolerance  | must be within PT1S..PT1H
        {'provider':'slack','secrets':['a'],'tolerance':'5m'}      | tolerance  | ISO-8601 duration
        {'provider':'standard-webhooks','secrets':['abc']}         | secrets[0] | must start with whsec_
        {'provider':'standard-webhooks','secrets':['whsec_YWJj']}  | secrets[0] | 24 to 64 bytes
        {'provider':'hmac','secrets':['k']}                        | header     | is required
        {'provider':'hmac','secrets':['k'],'header':'X Sig'}       | header     | not a valid HTTP header name
        {'provider':'hmac','secrets':['k'],'header':'X','algorithm':'md5'}    | algorithm | must be one of sha1, sha256, sha512
        {'provider':'hmac','secrets':['k'],'header':'X','encoding':'base32'}  | encoding  | must be one of hex, base64
        {'provider':'hmac','secrets':['k'],'header':'X','tolerance':'PT1M'}   | tolerance | applies only with timestampHeader
        {'provider':'hmac','secrets':['k'],'header':'X','signedContent':'{timestamp}'}  | signedContent | must include {body} exactly once
        {'provider':'hmac','secrets':['k'],'header':'X','signedContent':'{body}{body}'} | signedContent | has it 2 times
        {'provider':'hmac','secrets':['k'],'header':'X','signedContent':'{url}.{body}'} | signedContent | unknown placeholder {url} at index 0
        {'provider':'hmac','secrets':['k'],'header':'X','signedContent':'{body'}        | signedContent | unclosed {
        {'provider':'hmac','secrets':['k'],'header':'X','signedContent':'}{body}'}      | signedContent | unmatched }
        {'provider':'hmac','secrets':['k'],'header':'X','signedContent':'{header:}{body}'}    | signedContent | needs a header name
        {'provider':'hmac','secrets':['k'],'header':'X','signedContent':'{timestamp}.{body}'} | signedContent | {timestamp} needs timestampHeader
        {'provider':'hmac','secrets':['k'],'header':'X','timestampHeader':'X-Ts'}             | signedContent | must include {timestamp}
        {'provider':'cloudevents','tokens':['short']}                     | tokens[0] | at least 16 characters
        {'provider':'cloudevents','tokens':['has space in the middle']}   | tokens[0] | A-Z a-z 0-9
        {'provider':'cloudevents','secrets':['token-0123456789abcdef']}   | secrets   | is not a member
        {'provider':'cloudevents','tokens':['token-0123456789abcdef'],'allowedOrigins':['*','a.com']}       | allowedOrigins[0] | must stand alone
        {'provider':'cloudevents','tokens':['token-0123456789abcdef'],'allowedOrigins':['https://a.com']}   | allowedOrigins[0] | DNS name
        {'provider':'cloudevents','tokens':['token-0123456789abcdef'],'allowedRate':0}                      | allowedRate | within 1..1000000
        {'provider':'cloudevents','tokens':['token-0123456789abcdef'],'allowedRate':'fast'}                 | allowedRate | must be an integer
        {'provider':'github','secrets':['a'],'type':' '}                            | type           | must not be empty
        {'provider':'github','secrets':['a'],'source':'not a uri'}                  | source         | URI-reference
        {'provider':'github','secrets':['a'],'extensions':{'X-A':'Upper'}}          | extensions.X-A | a-z 0-9
        {'provider':'github','secrets':['a'],'extensions':{'X-A':'abcdefghijklmnopqrstu'}} | extensions.X-A | at most 20 characters
        {'provider':'github','secrets':['a'],'extensions':{'X-A':'id'}}             | extensions.X-A | is reserved
        {'provider':'github','secrets':['a'],'extensions':{'X-A':'a','X-B':'a'}}    | extensions.X-B | already filled from X-A
        {'provider':'github','secrets':['a'],'extensions':{'X A':'a'}}              | extensions.X A | not a valid HTTP header name
        {'provider':'github','secrets':['a'],'extensions':{'X-A':1}}                | extensions.X-A | must be a string
        """)
    void refusesABadConfigurationNamingTheMember(String text, String field, String reason) {
        // Single quotes keep the table readable; JSON needs double ones.
        assertField(() -> HookConfig.fromJson(json(text.replace('\'', '"'))), field, reason);
    }

    @Test
    void validatesConfigurationsBuiltInJavaToo() {
        List<HookSecret> one = List.of(HookSecret.of("s"));

        assertField(() -> new GitHubConfig(List.of(), EventOptions.none()), "secrets", "is required");
        assertField(() -> new StripeConfig(one, Duration.ZERO, null), "tolerance", "PT1S..PT1H");
        assertField(() -> new HmacConfig(one, "X", null, HmacConfig.Encoding.HEX, "", null, Optional.empty(), null,
                Optional.empty(), null), "algorithm", "is required");
        assertField(() -> new CloudEventsConfig(one, List.of(), OptionalInt.empty(), null), "tokens[0]", "16");
        assertThatThrownBy(() -> HookSecret.of("x".repeat(HookSecret.MAX_LENGTH + 1))).hasMessageContaining("at most");
        assertThat(new EventOptions(Optional.empty(), Optional.empty(), Map.of()).extensions()).isEmpty();
    }

    @Test
    void compilesTheSignedContentTemplateLanguage() {
        SignedContent braces = SignedContent.parse("{{v0}}:{header:X-Ts}:{body}");
        HookRequest request = TestRequests.post(Map.of("X-Ts", "123"), "B");

        byte[][] pieces = braces.render(request, null);

        assertThat(Arrays.stream(pieces).map(p -> new String(p, UTF_8)).collect(Collectors.joining()))
                .isEqualTo("{v0}:123:B");
        assertThat(braces.signs("x-ts")).isTrue();
        assertThat(braces.usesTimestamp()).isFalse();
        assertThatThrownBy(() -> SignedContent.parse("x".repeat(SignedContent.MAX_LENGTH) + "{body}"))
                .hasMessageContaining("1-256 characters");
    }

    private static void assertField(ThrowingCallable call, String field, String reason) {
        assertThatThrownBy(call).isInstanceOfSatisfying(InvalidFieldException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.reason()).contains(reason);
        });
    }

    private static HookConfig config(String singleQuoted) {
        return HookConfig.fromJson(json(singleQuoted.replace('\'', '"')));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
