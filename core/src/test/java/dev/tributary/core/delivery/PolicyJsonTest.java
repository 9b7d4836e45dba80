package dev.tributary.core.delivery;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "delivery.backoff";

    static Stream<BackoffPolicy> policies() {
        return Stream.of(
                BackoffPolicy.exponential(ofSeconds(1), 2, 0.2, ofHours(1)),
                BackoffPolicy.exponential(ofSeconds(1), 1.5, 0, ofSeconds(90)),
                BackoffPolicy.linear(ofSeconds(10), ofSeconds(10), ofMinutes(5)),
                BackoffPolicy.linear(ofSeconds(100), ZERO, ofSeconds(100)),
                BackoffPolicy.logarithmic(ofMinutes(1), ofHours(1)),
                BackoffPolicy.fixed(ofSeconds(30)),
                BackoffPolicy.schedule(List.of(ZERO, ofSeconds(5))),
                BackoffPolicy.defaultSchedule());
    }

    @ParameterizedTest
    @MethodSource("policies")
    void everyPolicyRoundTripsThroughJson(BackoffPolicy policy) throws JsonProcessingException {
        String text = JSON.writeValueAsString(policy.toJson());
        assertThat(BackoffPolicy.fromJson(JSON.readTree(text), PATH)).isEqualTo(policy);
    }

    @Test
    void readsTheDocumentedExample() {
        assertThat(backoff("{\"kind\":\"exponential\",\"initial\":\"PT1S\",\"factor\":2,\"jitter\":0.2,\"cap\":\"PT1H\"}"))
                .isEqualTo(BackoffPolicy.exponential(ofSeconds(1), 2, 0.2, ofHours(1)));
    }

    @Test
    void writesDurationsAsIso8601() {
        assertThat(BackoffPolicy.exponential(ofSeconds(1), 2, 0.2, ofHours(1)).toJson().toString())
                .isEqualTo("{\"kind\":\"exponential\",\"initial\":\"PT1S\",\"factor\":2.0,\"jitter\":0.2,\"cap\":\"PT1H\"}");
        assertThat(BackoffPolicy.schedule(List.of(ofSeconds(5), ofMinutes(5))).toJson().toString())
                .isEqualTo("{\"kind\":\"schedule\",\"delays\":[\"PT5S\",\"PT5M\"],\"jitter\":0.0}");
    }

    @Test
    void jitterIsOptionalAndMayBeNull() {
        assertThat(backoff("{\"kind\":\"schedule\",\"delays\":[\"PT5S\"],\"jitter\":null}"))
                .isEqualTo(BackoffPolicy.schedule(List.of(ofSeconds(5))));
        assertThat(backoff("{\"kind\":\"exponential\",\"initial\":\"PT1S\",\"factor\":3,\"cap\":\"PT1M\"}"))
                .isEqualTo(BackoffPolicy.exponential(ofSeconds(1), 3, 0, ofMinutes(1)));
    }

    static Stream<Arguments> badPolicies() {
        return Stream.of(
                bad("{\"kind\":\"exponential\",\"initial\":\"PT1S\",\"factor\":0.5,\"cap\":\"PT1H\"}",
                        "delivery.backoff.factor", "must be >= 1, was 0.5"),
                bad("{\"kind\":\"exponential\",\"initial\":\"PT1S\",\"factor\":\"2\",\"cap\":\"PT1H\"}",
                        "delivery.backoff.factor", "must be a number, was \"2\""),
                bad("{\"kind\":\"exponential\",\"initial\":\"PT1S\",\"factor\":2,\"jitter\":1,\"cap\":\"PT1H\"}",
                        "delivery.backoff.jitter", "must be in [0, 1), was 1.0"),
                bad("{\"kind\":\"exponential\",\"initial\":\"PT1M\",\"factor\":2,\"cap\":\"PT1S\"}",
                        "delivery.backoff.cap", "must be >= initial (PT1M), was PT1S"),
                bad("{\"kind\":\"exponential\",\"initial\":\"PT1S\",\"factor\":2}",
                        "delivery.backoff.cap", "is required"),
                bad("{\"kind\":\"exponential\",\"intial\":\"PT1S\",\"factor\":2,\"cap\":\"PT1H\"}",
                        "delivery.backoff.intial", "is not allowed here; expected kind, initial, factor, jitter, cap"),
                bad("{\"kind\":\"exponential\",\"initial\":\"1s\",\"factor\":2,\"cap\":\"PT1H\"}",
                        "delivery.backoff.initial", "must be an ISO-8601 duration such as \"PT30S\", was \"1s\""),
                bad("{\"kind\":\"exponential\",\"initial\":1,\"factor\":2,\"cap\":\"PT1H\"}",
                        "delivery.backoff.initial", "must be an ISO-8601 duration such as \"PT30S\", was 1"),
                bad("{\"kind\":\"linear\",\"initial\":\"PT1S\",\"step\":\"-PT1S\",\"cap\":\"PT1H\"}",
                        "delivery.backoff.step", "must be >= 0, was PT-1S"),
                bad("{\"kind\":\"logarithmic\",\"base\":\"PT0S\",\"cap\":\"PT1H\"}",
                        "delivery.backoff.base", "must be > 0, was PT0S"),
                bad("{\"kind\":\"fixed\",\"delay\":\"P400D\"}",
                        "delivery.backoff.delay", "must be at most 365 days, was PT9600H"),
                bad("{\"kind\":\"fixed\"}", "delivery.backoff.delay", "is required"),
                bad("{\"kind\":\"schedule\",\"delays\":[\"PT5S\",\"PT5M\",\"5h\"]}",
                        "delivery.backoff.delays[2]", "must be an ISO-8601 duration such as \"PT30S\", was \"5h\""),
                bad("{\"kind\":\"schedule\",\"delays\":[\"PT5S\",\"-PT5M\"]}",
                        "delivery.backoff.delays[1]", "must be >= 0, was PT-5M"),
                bad("{\"kind\":\"schedule\",\"delays\":[]}", "delivery.backoff.delays", "must not be empty"),
                bad("{\"kind\":\"schedule\",\"delays\":\"PT5S\"}",
                        "delivery.backoff.delays", "must be an array of ISO-8601 durations, was \"PT5S\""),
                bad("{\"kind\":\"cubic\"}", "delivery.backoff.kind",
                        "must be one of exponential, linear, logarithmic, fixed, schedule, was \"cubic\""),
                bad("{\"initial\":\"PT1S\"}", "delivery.backoff.kind", "is required"),
                bad("[1,2]", "delivery.backoff", "must be an object, was [1,2]"));
    }

    @ParameterizedTest
    @MethodSource("badPolicies")
    void rejectsBadPoliciesNamingThePath(String json, String path, String reason) {
        assertThatThrownBy(() -> backoff(json))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
                    assertThat(e.field()).isEqualTo(path);
                    assertThat(e.reason()).isEqualTo(reason);
                })
                .hasMessage(path + ": " + reason);
    }

    @Test
    void theDocumentedRejection() {
        assertThatThrownBy(() -> backoff(
                        "{\"kind\":\"exponential\",\"initial\":\"PT1S\",\"factor\":0.5,\"jitter\":0.2,\"cap\":\"PT1H\"}"))
                .hasMessage("delivery.backoff.factor: must be >= 1, was 0.5");
    }

    @Test
    void anEmptyPathNamesTheMemberAlone() {
        assertThatThrownBy(() -> BackoffPolicy.fromJson(tree("{\"kind\":\"fixed\",\"delay\":\"PT0S\"}"), ""))
                .hasMessage("delay: must be > 0, was PT0S");
    }

    @Test
    void retryLimitsRoundTripThroughJson() throws JsonProcessingException {
        for (RetryLimits limits :
                List.of(RetryLimits.attempts(8), RetryLimits.duration(ofDays(7)), RetryLimits.of(50, ofDays(7)))) {
            String text = JSON.writeValueAsString(limits.toJson());
            assertThat(RetryLimits.fromJson(JSON.readTree(text), "delivery.retry")).isEqualTo(limits);
        }
        assertThat(RetryLimits.fromJson(tree("{\"maxDuration\":\"P7D\"}"), "delivery.retry"))
                .isEqualTo(RetryLimits.duration(ofDays(7)));
    }

    @Test
    void rejectsBadRetryLimitsNamingThePath() {
        assertThatThrownBy(() -> RetryLimits.fromJson(tree("{\"maxAttempts\":0}"), "delivery.retry"))
                .hasMessage("delivery.retry.maxAttempts: must be >= 1, was 0");
        assertThatThrownBy(() -> RetryLimits.fromJson(tree("{\"maxAttempts\":2.5}"), "delivery.retry"))
                .hasMessage("delivery.retry.maxAttempts: must be an integer, was 2.5");
        assertThatThrownBy(() -> RetryLimits.fromJson(tree("{\"maxAttempts\":10000000000}"), "delivery.retry"))
                .hasMessage("delivery.retry.maxAttempts: must be an integer, was 10000000000");
        assertThatThrownBy(() -> RetryLimits.fromJson(tree("{\"maxDuration\":\"PT0S\"}"), "delivery.retry"))
                .hasMessage("delivery.retry.maxDuration: must be > 0, was PT0S");
        assertThatThrownBy(() -> RetryLimits.fromJson(tree("{}"), "delivery.retry"))
                .hasMessage("delivery.retry: needs maxAttempts, maxDuration or both");
        assertThatThrownBy(() -> RetryLimits.fromJson(tree("{\"maxRetries\":3}"), "delivery.retry"))
                .hasMessage("delivery.retry.maxRetries: is not allowed here; expected maxAttempts, maxDuration");
    }

    private static Arguments bad(String json, String path, String reason) {
        return Arguments.of(json, path, reason);
    }

    private static BackoffPolicy backoff(String json) {
        return BackoffPolicy.fromJson(tree(json), PATH);
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }
}
