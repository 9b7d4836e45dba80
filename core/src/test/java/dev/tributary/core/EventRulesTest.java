package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventRulesTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-23T01:00:00Z", "2026-11-23t01:00:00z", "2026-11-23T01:00:00.123456789+05:30",
        "1985-04-12T23:20:50.52-00:00", "2026-11-23T01:00:00.1234567891Z"
    })
    void acceptsRfc3339Times(String value) {
        assertThat(EventRules.time(value)).isNotNull();
    }

    @Test
    void parsesTimesExactly() {
        assertThat(EventRules.time("2026-11-23T01:02:03.25-07:30"))
                .isEqualTo(OffsetDateTime.of(2026, 11, 23, 1, 2, 3, 250_000_000, ZoneOffset.ofHoursMinutes(-7, -30)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2026-11-23", "2026-11-23T01:00Z", "2026-11-23T01:00:00", "2026-11-23 01:00:00Z", "2026-13-01T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T01:00:00.Z", "2026-11-23T01:00:00+0100", "26-11-23T01:00:00Z",
        "2026-11-23T01:00:00+19:00", "2026-11-23T01:00:00ZZ", "２０２６-11-23T01:00:00Z"
    })
    void rejectsOtherTimes(String value) {
        assertThatThrownBy(() -> EventRules.time(value)).hasMessageContaining("RFC 3339");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "application/json", "text/plain; charset=utf-8", "application/vnd.a+json;v=1;q=\"a; b\"", "a/b ; x=y"
    })
    void acceptsMediaTypes(String value) {
        assertThat(EventRules.isMediaType(value)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "json", "application/", "/json", "a/b;", "a/b; x", "a/b; x=", "a/b c", "a/b; x=\"open"})
    void rejectsOtherMediaTypes(String value) {
        assertThat(EventRules.isMediaType(value)).isFalse();
    }

    @Test
    void checksUris() {
        assertThat(EventRules.source("urn:uuid:123")).isEqualTo(URI.create("urn:uuid:123"));
        assertThat(EventRules.source("/relative/path")).isEqualTo(URI.create("/relative/path"));
        assertThatThrownBy(() -> EventRules.source("a b")).hasMessageContaining("URI-reference");
        assertThatThrownBy(() -> EventRules.dataSchema("/relative")).hasMessageContaining("absolute URI");
        assertThat(EventRules.dataSchema("https://x/y")).hasScheme("https");
    }

    @Test
    void reservesDataAndContextAttributeNames() {
        assertThatThrownBy(() -> EventRules.extensionName("data")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> EventRules.extensionName("subject")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> EventRules.extensionName("a_b")).hasMessageContaining("a-z 0-9");
        assertThat(EventRules.extensionName("traceparent")).isEqualTo("traceparent");
    }

    @Test
    void checksEventsBuiltWithTheSdk() {
        var ok = CloudEventBuilder.v1().withId("1").withSource(URI.create("/s")).withType("t").withExtension("n", 1);
        assertThat(EventRules.check(ok.build())).isNotNull();
        assertThatThrownBy(() -> EventRules.check(ok.withSubject("").build()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("subject"));
        assertThatThrownBy(() -> EventRules.check(ok.withSubject("s").withExtension("big", 5L << 40).build()))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("big"));
    }
}
