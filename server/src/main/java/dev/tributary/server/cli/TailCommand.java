package dev.tributary.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.Names;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
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
 * {@code tributary tail}: follows a bus, a partition or a stream over Server-Sent Events and prints each envelope as
 * one JSON line until interrupted or {@code --max} events. When the connection drops it reconnects with
 * {@code Last-Event-ID}, so no event is skipped or repeated; it gives up after {@value #MAX_RECONNECTS} failed
 * reconnects in a row.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        description = "Follows new events of a bus (all partitions), a partition or a stream; one JSON envelope per line.")
final class TailCommand implements Callable<Integer> {
    static final int MAX_RECONNECTS = 5;

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions client;

    @Parameters(paramLabel = "BUS")
    String bus;

    @Option(names = "--partition", paramLabel = "P", description = "Follow one partition.")
    Integer partition;

    @Option(names = "--stream", paramLabel = "S", description = "Follow one stream.")
    String stream;

    @Option(
            names = "--from",
            paramLabel = "FROM",
            description = "earliest, latest or an offset (bus, partition); a version (stream). Server default if absent.")
    String from;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N events.")
    Long max;

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        String path = path();
        ApiClient api = client.client();
        PrintWriter out = CliContext.of(spec).out();
        long seen = 0;
        String lastId = null;
        int failures = 0;
        while (max == null || seen < max) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Accept", "text/event-stream");
            if (lastId != null) {
                headers.put("Last-Event-ID", lastId);
            }
            HttpResponse<InputStream> response;
            try {
                response = api.open(path, headers);
            } catch (CliExceptions.Unreachable e) {
                if (lastId == null && seen == 0 && failures == 0 || ++failures > MAX_RECONNECTS) {
                    throw e;
                }
                Thread.sleep(Math.min(10_000, 500L << failures));
                continue;
            }
            failures = 0;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                StringBuilder data = new StringBuilder();
                String id = null;
                String event = null;
                String line;
                while ((max == null || seen < max) && (line = lines.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (data.length() > 0 && (event == null || event.equals("cloudevent"))) {
                            out.println(compact(data));
                            out.flush();
                            seen++;
                        }
                        if (id != null) {
                            lastId = id;
                        }
                        data.setLength(0);
                        id = null;
                        event = null;
                    } else if (line.startsWith(":")) {
                        continue; // keep-alive comment
                    } else {
                        int colon = line.indexOf(':');
                        String field = colon < 0 ? line : line.substring(0, colon);
                        String value = colon < 0 ? "" : line.substring(colon + (line.startsWith(": ", colon) ? 2 : 1));
                        switch (field) {
                            case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
                            case "id" -> id = value;
                            case "event" -> event = value;
                            default -> {}
                        }
                    }
                }
            } catch (IOException e) {
                // connection lost: reconnect below with Last-Event-ID
            }
            if (max == null || seen < max) {
                Thread.sleep(200);
            }
        }
        return Cli.OK;
    }

    private static String compact(StringBuilder data) {
        String text = data.toString();
        if (text.indexOf('\n') < 0) {
            return text;
        }
        try {
            JsonNode node = OutputFormat.MAPPER.readTree(text);
            return OutputFormat.MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            return text.replace('\n', ' ');
        }
    }

    private void validate() {
        try {
            Names.requireBusName(bus);
            if (stream != null) {
                Names.requireStreamId(stream);
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (partition != null && stream != null) {
            throw usage("give --partition or --stream, not both");
        }
        if (partition != null && partition < 0) {
            throw usage("--partition: must be >= 0, was " + partition);
        }
        if (max != null && max < 1) {
            throw usage("--max: must be at least 1, was " + max);
        }
        if (from != null) {
            boolean number = from.chars().allMatch(Character::isDigit) && !from.isEmpty();
            boolean word = from.equals("earliest") || from.equals("latest");
            if (stream != null ? !number : !(number || word) || (partition == null && number)) {
                throw usage("--from: must be "
                        + (stream != null ? "a version number" : partition != null ? "earliest, latest or an offset" : "earliest or latest")
                        + ", was '" + from + "'");
            }
        }
    }

    private String path() {
        String base = "/v1/buses/" + bus;
        if (partition != null) {
            base += "/partitions/" + partition;
        } else if (stream != null) {
            base += "/streams/" + URLEncoder.encode(stream, StandardCharsets.UTF_8);
        }
        return base + "/follow" + (from == null ? "" : "?from=" + from);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
