package dev.tributary.server.cli;

import dev.tributary.core.EventRules;
import dev.tributary.core.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tributary read}: prints stored events of a partition or a stream as NDJSON envelopes, one per line, asking
 * the server page by page (at most 1000 per request) until {@code --limit} is reached or nothing is left.
 */
@Command(
        name = "read",
        mixinStandardHelpOptions = true,
        description = {
            "Reads events from a partition (--partition) or a stream (--stream) and prints one JSON envelope per line.",
            "  read orders --partition 0 --from 100 --limit 10",
            "  read orders --partition 0 --from-time 2026-11-23T00:00:00Z",
            "  read orders --stream order-1 --backward --limit 1"
        })
final class ReadCommand implements Callable<Integer> {
    static final int PAGE = 1000;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "BUS")
    String bus;

    @Option(names = "--partition", paramLabel = "P", description = "Partition to read.")
    Integer partition;

    @Option(names = "--stream", paramLabel = "S", description = "Stream to read.")
    String stream;

    @Option(names = "--from", paramLabel = "N", description = "First offset (partition) or version (stream).")
    Long from;

    @Option(names = "--from-time", paramLabel = "RFC3339", description = "Partition only: first event at or after this time.")
    String fromTime;

    @Option(names = "--backward", description = "Stream only: newest first (from the last event unless --from).")
    boolean backward;

    @Option(names = "--limit", paramLabel = "N", description = "Most events to print (default 100).")
    long limit = 100;

    @Override
    public Integer call() throws IOException {
        if ((partition == null) == (stream == null)) {
            throw usage("give exactly one of --partition and --stream");
        }
        checkName(() -> Names.requireBusName(bus));
        if (limit < 1) {
            throw usage("--limit: must be at least 1, was " + limit);
        }
        if (from != null && from < 0) {
            throw usage("--from: must be >= 0, was " + from);
        }
        String base;
        if (partition != null) {
            if (backward) {
                throw usage("--backward works with --stream only");
            }
            if (from != null && fromTime != null) {
                throw usage("give --from or --from-time, not both");
            }
            if (partition < 0) {
                throw usage("--partition: must be >= 0, was " + partition);
            }
            if (fromTime != null) {
                checkName(() -> EventRules.time(fromTime));
            }
            base = "/v1/buses/" + bus + "/partitions/" + partition + "/events";
        } else {
            if (fromTime != null) {
                throw usage("--from-time works with --partition only");
            }
            checkName(() -> Names.requireStreamId(stream));
            base = "/v1/buses/" + bus + "/streams/" + URLEncoder.encode(stream, StandardCharsets.UTF_8) + "/events";
        }
        ApiClient api = client.client();
        PrintWriter out = CliContext.of(spec).out();
        long remaining = limit;
        Long cursor = from;
        String time = fromTime;
        while (remaining > 0) {
            int page = (int) Math.min(remaining, PAGE);
            StringBuilder query = new StringBuilder("?limit=").append(page);
            if (cursor != null) {
                query.append("&from=").append(cursor);
            } else if (time != null) {
                query.append("&fromTime=").append(URLEncoder.encode(time, StandardCharsets.UTF_8));
            }
            if (backward) {
                query.append("&direction=backward");
            }
            HttpResponse<InputStream> response =
                    api.open(base + query, Map.of("Accept", "application/x-ndjson"));
            int printed = 0;
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (!line.isBlank()) {
                        out.println(line);
                        printed++;
                    }
                }
            }
            out.flush();
            remaining -= printed;
            String next = response.headers().firstValue("Tributary-Next").orElse(null);
            if (printed < page || next == null || next.isBlank()) {
                break;
            }
            try {
                long n = Long.parseLong(next.strip());
                if (n < 0 || (cursor != null && n == cursor)) {
                    break; // nothing before the first version when reading backward, or no progress
                }
                cursor = n;
            } catch (NumberFormatException e) {
                break;
            }
            time = null;
        }
        return Cli.OK;
    }

    private void checkName(Runnable check) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
