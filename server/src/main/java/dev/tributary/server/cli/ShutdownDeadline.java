package dev.tributary.server.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * The backstop of a stop: when closing the node takes longer than {@code shutdown-timeout} (a sink that never
 * answers, a disk that hangs an fsync), the process halts instead of hanging, so a supervisor's restart is never
 * stuck behind it. What was acknowledged is on disk already; halting loses only work in flight, which redelivery
 * covers.
 */
final class ShutdownDeadline {
    private final Thread watchdog;

    private ShutdownDeadline(Thread watchdog) {
        this.watchdog = watchdog;
    }

    static ShutdownDeadline start(Duration timeout, PrintWriter err) {
        Thread watchdog = Thread.ofPlatform().daemon().name("tributary-shutdown-deadline").start(() -> {
            try {
                Thread.sleep(timeout);
            } catch (InterruptedException met) {
                return;
            }
            err.println("tributary: stopping took longer than shutdown-timeout (" + timeout
                    + "); halting with work in flight, which is redelivered at the next start");
            err.flush();
            Runtime.getRuntime().halt(3);
        });
        return new ShutdownDeadline(watchdog);
    }

    /** The stop finished in time. */
    void met() {
        watchdog.interrupt();
    }
}
