package dev.tributary.bench;

import java.util.Map;

/**
 * The event store's sections of {@link ResultsReport}: its own figures (section 9: reads of the global order, what
 * the global order costs at ingest), its appends beside PostgreSQL's ({@link StoreAppendLoad}, section 10) and a
 * consumer group draining a backlog over HTTP ({@link GroupLoad}, section 11) and a Java projection catching up with
 * its state in SQLite and in PostgreSQL ({@link ProjectionLoad}, section 12).
 *
 * <p>Stateless; reads the report's metrics (metric → run → value), with the ratios already computed.
 */
final class StoreFigures {
    private StoreFigures() {}

    static void write(StringBuilder md, Map<String, Map<Integer, Double>> metrics) {
        md.append("## 9. The event store (one node, side by side in each run)\n\n");
        FigureTable t = new FigureTable(md, metrics);
        t.row("$all catch-up read, embedded (JMH; 1 KB events in groups of 10 over 4 partitions)",
                "store.all.embedded.thrpt", "events/s", "%,.0f", "≥ 1,000,000", v -> v >= 1_000_000);
        t.row("$all catch-up read over HTTP (NDJSON pages of 1,000, one reader)", "store.all.http.thrpt", "events/s",
                "%,.0f", "≥ 200,000", v -> v >= 200_000);
        for (String mode : new String[] {"single", "batch"}) {
            String at = "store.ingest." + mode + ".";
            String what = mode.equals("single") ? "single 1 KB events" : "batches of 100 × 1 KB";
            t.row(what + " into a bus with a global order ($all)", at + "global.thrpt", "events/s", "%,.0f", null,
                    null);
            t.row("the same into a bus without one", at + "partition.thrpt", "events/s", "%,.0f", null, null);
            t.row("  with / without: what the global order costs", at + "ratio", "ratio", "%.2f", "≥ 0.90",
                    v -> v >= 0.90);
            t.row("  the node's CPU per event with the global order", at + "global.cpu_us", "µs", "%.2f", null, null);
            t.row("  … without", at + "partition.cpu_us", "µs", "%.2f", null, null);
            t.row("  CPU per event, without / with", at + "cpu.ratio", "ratio", "%.2f", "≥ 0.90", v -> v >= 0.90);
        }
        t.end();

        md.append("## 10. The event store beside PostgreSQL (16 writers, each on 1,000 streams of its own; one 1 KB"
                + " event per append with an exact expected version, durable before the answer; one side after the"
                + " other in each run)\n\n");
        t = new FigureTable(md, metrics);
        String[][] sides = {
            {"embedded", "Tributary embedded (in the tool's process, fsync)"},
            {"http", "Tributary over HTTP (a node process, fsync; a connection per writer)"},
            {"postgres", "PostgreSQL the Message DB / Marten way (unique (stream, version); version check and insert"
                    + " in one transaction; synchronous_commit on; a connection per writer)"}
        };
        for (String[] side : sides) {
            String at = "pgstore." + side[0] + ".";
            t.row(side[1] + ": appends", at + "thrpt", "appends/s", "%,.0f", null, null);
            t.row("  p50 latency", at + "p50", "ms", "%.2f", null, null);
            t.row("  p99 latency", at + "p99", "ms", "%.2f", null, null);
        }
        t.row("HTTP / PostgreSQL", "pgstore.http.ratio", "ratio", "%.2f", "≥ 3.00", v -> v >= 3.0);
        t.row("embedded / PostgreSQL", "pgstore.embedded.ratio", "ratio", "%.2f", null, null);
        t.end();

        md.append("## 11. A consumer group over HTTP (a backlog of 1 KB events on a bus with a global order; 4"
                + " consumers, each a thread with its own connection, fetching 100 at a time and acking them; every"
                + " event checked acked exactly once)\n\n");
        t = new FigureTable(md, metrics);
        t.row("ordering `none`: events acked", "group.none.thrpt", "events/s", "%,.0f", "≥ 30,000",
                v -> v >= 30_000);
        groupDetails(t, "group.none.");
        t.row("ordering `stream`, events spread over 1,000 streams: events acked", "group.stream.thrpt", "events/s",
                "%,.0f", null, null);
        groupDetails(t, "group.stream.");
        t.end();

        md.append("## 12. A Java projection catching up (an embedded store of small JSON events over many streams;"
                + " a projection counting and summing per stream from position 0, Jackson parsing each event, JSON"
                + " states; each batch's states and checkpoint in one transaction; every count checked)\n\n");
        t = new FigureTable(md, metrics);
        t.row("state in SQLite (WAL, synchronous=NORMAL): events applied", "projection.sqlite.thrpt", "events/s",
                "%,.0f", "≥ 50,000", v -> v >= 50_000);
        t.row("  time to catch up", "projection.sqlite.seconds", "s", "%.1f", null, null);
        t.row("state in PostgreSQL (synchronous_commit on): events applied", "projection.postgres.thrpt",
                "events/s", "%,.0f", null, null);
        t.row("  time to catch up", "projection.postgres.seconds", "s", "%.1f", null, null);
        t.end();
    }

    private static void groupDetails(FigureTable t, String at) {
        t.row("  time to drain the backlog (first fetch → last ack)", at + "drain_s", "s", "%.1f", null, null);
        t.row("  redeliveries seen (events fetched again)", at + "redeliveries", "events", "%,.0f", null, null);
        t.row("  fetch p50", at + "fetch.p50", "ms", "%.2f", null, null);
        t.row("  fetch p99", at + "fetch.p99", "ms", "%.2f", null, null);
        t.row("  ack p50 (committed to the group's store)", at + "ack.p50", "ms", "%.2f", null, null);
        t.row("  ack p99", at + "ack.p99", "ms", "%.2f", null, null);
    }
}
