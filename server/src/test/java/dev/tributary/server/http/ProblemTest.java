package dev.tributary.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.broker.PartiallyPublishedException;
import dev.tributary.broker.store.MetadataException;
import dev.tributary.log.Position;
import dev.tributary.log.StorageUnavailableException;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** What the API answers for failures that are not the client's fault. */
class ProblemTest {
    @Test
    void aPartlyStoredBatchSaysPerEventWhereItWasStoredOrWhyNot() {
        StorageUnavailableException full = new StorageUnavailableException("partition 1: disk full", null);
        Position stored = new Position(0, 41, Instant.EPOCH, false);
        Problem problem = Problem.from(new PartiallyPublishedException(
                Arrays.asList(null, stored, null), Arrays.asList(full, null, full)));

        ObjectNode doc = problem.document();
        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.retryAfterSeconds()).isEqualTo(10);
        assertThat(doc.get("type").asText()).endsWith("/partially-stored");
        assertThat(doc.get("detail").asText()).startsWith("2 of 3 events were not stored");
        assertThat(doc.get("results")).hasSize(3);
        assertThat(doc.at("/results/0/error").asText()).isEqualTo("partition 1: disk full");
        assertThat(doc.at("/results/1/partition").asInt()).isZero();
        assertThat(doc.at("/results/1/offset").asLong()).isEqualTo(41);
        assertThat(doc.at("/results/1/error").isMissingNode()).isTrue();
        assertThat(doc.at("/results/2/error").asText()).isEqualTo("partition 1: disk full");
    }

    @Test
    void unavailableStorageAndMetadataAskTheClientToComeBackLater() {
        Problem storage = Problem.from(new StorageUnavailableException("disk full", null));
        Problem metadata = Problem.from(new MetadataException("database is locked", null));

        assertThat(storage.status()).isEqualTo(503);
        assertThat(storage.retryAfterSeconds()).isEqualTo(10);
        assertThat(metadata.status()).isEqualTo(503);
        assertThat(metadata.retryAfterSeconds()).isEqualTo(10);
    }
}
