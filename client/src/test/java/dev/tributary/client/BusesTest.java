package dev.tributary.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Creating, describing, listing and deleting buses, against a real node. */
class BusesTest extends AgainstANode {
    @Test
    void createsDescribesListsAndDeletesABus() {
        Bus created = client.createBus("invoices", 3, new Retention(Duration.ofDays(7), 1 << 30));

        assertThat(created.name()).isEqualTo("invoices");
        assertThat(created.partitions()).isEqualTo(3);
        assertThat(created.retention()).isEqualTo(new Retention(Duration.ofDays(7), 1 << 30));
        assertThat(created.partitionStats()).extracting(PartitionStats::partition).containsExactly(0, 1, 2);
        assertThat(created.partitionStats()).allSatisfy(s -> assertThat(s.endOffset()).isZero());
        assertThat(client.getBus("invoices")).isEqualTo(created);
        assertThat(client.listBuses()).extracting(Bus::name).contains("invoices");

        client.deleteBus("invoices");

        assertThat(client.listBuses()).extracting(Bus::name).doesNotContain("invoices");
        assertThatThrownBy(() -> client.getBus("invoices"))
                .isInstanceOfSatisfying(TributaryException.class,
                        e -> assertThat(e.kind()).isEqualTo(TributaryException.Kind.NOT_FOUND));
    }

    @Test
    void aBusWithoutRetentionKeepsEverything() {
        assertThat(client.createBus("forever", 1).retention()).isEqualTo(Retention.unbounded());
    }

    @Test
    void creatingABusThatExistsIsAConflict() {
        client.createBus("taken", 1);

        assertThatThrownBy(() -> client.createBus("taken", 1))
                .isInstanceOfSatisfying(TributaryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TributaryException.Kind.CONFLICT);
                    assertThat(e.problem().typeName()).isEqualTo("bus-exists");
                });
    }

    @Test
    void aPartitionCountBeyondTheNodesLimitIsABadRequestNamingTheField() {
        assertThatThrownBy(() -> client.createBus("huge", 100_000))
                .isInstanceOfSatisfying(TributaryException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TributaryException.Kind.BAD_REQUEST);
                    assertThat(e.field()).contains("partitions");
                    assertThat(e.detail()).contains("1..256");
                });
    }
}
