package dev.tributary.core;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.net.URI;

/**
 * Reads each event's JSON data while {@link CloudEventJson} passes over a body, so that the data is tokenized once:
 * the gateway's schema stage validates data this way. The codec calls it for data that is a JSON object or array,
 * with the attributes read so far; a {@code type} or {@code dataschema} written after the data is not known yet, and
 * the reader sees null. The codec keeps the data's bytes whatever the reader does.
 */
@FunctionalInterface
public interface DataReader {
    /** Passes over the data, as the codec does when nobody reads it. */
    DataReader SKIP = (index, type, dataSchema, parser) -> parser.skipChildren();

    /**
     * Reads one event's data.
     *
     * @param index the event's index in its batch (0 for one event)
     * @param parser on the data's first token; the reader must leave it on the data's last token
     * @throws IOException if the JSON is malformed; the codec reports it
     */
    void read(int index, String type, URI dataSchema, JsonParser parser) throws IOException;
}
