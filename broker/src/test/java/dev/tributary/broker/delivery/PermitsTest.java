package dev.tributary.broker.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PermitsTest {
    private final Running running = new Running();
    private final List<Integer> granted = new CopyOnWriteArrayList<>();

    private Thread waiter(Permits permits, int priority) {
        return Thread.ofVirtual().start(() -> {
            if (permits.acquire(priority)) {
                granted.add(priority);
            }
        });
    }

    @Test
    void givesAFreedPermitToTheHighestPriorityWaiterFirst() throws InterruptedException {
        Permits permits = new Permits(1, running);
        assertThat(permits.acquire(0)).isTrue();
        Thread low = waiter(permits, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.waiting() == 1);
        Thread high = waiter(permits, 9);
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.waiting() == 2);

        permits.release();
        high.join();
        assertThat(granted).containsExactly(9);

        permits.release();
        low.join();
        assertThat(granted).containsExactly(9, 1);
        assertThat(permits.inUse()).isEqualTo(1);
    }

    @Test
    void wakesWaitersOnceARoundOfPermitsIsFreeAndNotPerPermit() throws InterruptedException {
        Permits permits = new Permits(64, running);
        for (int i = 0; i < 64; i++) {
            assertThat(permits.acquire(0)).isTrue();
        }
        Thread waiting = waiter(permits, 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.waiting() == 1);

        for (int i = 1; i < Permits.roundOf(64); i++) {
            permits.release();
        }
        assertThat(permits.waiting()).as("granted only under the lock of the release that completes a round").isOne();
        Thread newcomer = waiter(permits, 9);
        await("a newcomer queues behind the waiters").atMost(Duration.ofSeconds(5))
                .until(() -> permits.waiting() == 2);

        permits.release();
        waiting.join();
        newcomer.join();

        assertThat(granted).containsExactlyInAnyOrder(0, 9);
        assertThat(permits.inUse()).isEqualTo(64 - Permits.roundOf(64) + 2);
    }

    @Test
    void aStopReleasesTheWaitersWithoutAPermit() throws InterruptedException {
        Permits permits = new Permits(1, running);
        permits.acquire(0);
        Thread waiting = waiter(permits, 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.waiting() == 1);

        running.stop();
        waiting.join();

        assertThat(granted).isEmpty();
        assertThat(permits.waiting()).isZero();
        permits.release();
        assertThat(permits.inUse()).isZero();
    }
}
