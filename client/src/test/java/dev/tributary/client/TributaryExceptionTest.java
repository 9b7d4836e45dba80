package dev.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.client.TributaryException.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kinds a caller branches on, and the message a refusal carries. */
class TributaryExceptionTest {
    @Test
    void eachStatusACallerActsOnHasItsOwnKind() {
        assertThat(Kind.of(400)).isEqualTo(Kind.BAD_REQUEST);
        assertThat(Kind.of(401)).isEqualTo(Kind.UNAUTHORIZED);
        assertThat(Kind.of(403)).isEqualTo(Kind.FORBIDDEN);
        assertThat(Kind.of(404)).isEqualTo(Kind.NOT_FOUND);
        assertThat(Kind.of(409)).isEqualTo(Kind.CONFLICT);
        assertThat(Kind.of(410)).isEqualTo(Kind.GONE);
        assertThat(Kind.of(412)).isEqualTo(Kind.PRECONDITION_FAILED);
        assertThat(Kind.of(413)).isEqualTo(Kind.TOO_LARGE);
        assertThat(Kind.of(429)).isEqualTo(Kind.RATE_LIMITED);
        assertThat(Kind.of(503)).isEqualTo(Kind.UNAVAILABLE);
        assertThat(Kind.of(418)).isEqualTo(Kind.CLIENT_ERROR);
        assertThat(Kind.of(500)).isEqualTo(Kind.SERVER_ERROR);
        assertThat(Kind.of(302)).isEqualTo(Kind.UNEXPECTED);
    }

    @Test
    void theMessageNamesTheRequestTheStatusTheTypeTheDetailAndTheField() {
        Problem problem = new Problem(400, "https://tributary.dev/problems/invalid-event", "Invalid event",
                "[3].source: is required", Map.of("field", "[3].source"));

        TributaryException e = new TributaryException("POST http://127.0.0.1:8080/v1/buses/orders/events", problem, null);

        assertThat(e).hasMessage("POST http://127.0.0.1:8080/v1/buses/orders/events answered 400 invalid-event:"
                + " [3].source: is required (field [3].source)");
        assertThat(e.field()).contains("[3].source");
        assertThat(e.retryAfter()).isEmpty();
    }
}
