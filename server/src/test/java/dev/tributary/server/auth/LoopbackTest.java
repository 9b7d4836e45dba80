package dev.tributary.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoopbackTest {
    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]", "0:0:0:0:0:0:0:1"})
    void loopbackNames(String host) {
        assertThat(Loopback.is(host)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "10.0.0.1", "localhost.example.com", "127.0.0.1.nip.io", "128.0.0.1", ""})
    void otherNames(String host) {
        assertThat(Loopback.is(host)).isFalse();
    }
}
