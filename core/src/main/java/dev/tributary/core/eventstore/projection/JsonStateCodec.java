package dev.tributary.core.eventstore.projection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A state as JSON text by Jackson. Thread-safe (Jackson's readers and writers are). */
final class JsonStateCodec<S> implements StateCodec<S> {
    private final Class<S> type;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    JsonStateCodec(ObjectMapper mapper, Class<S> type) {
        this.type = ProjectionChecks.require(type, "type");
        ProjectionChecks.require(mapper, "mapper");
        this.reader = mapper.readerFor(type);
        this.writer = mapper.writerFor(type);
    }

    @Override
    public byte[] encode(S state) {
        try {
            return writer.writeValueAsBytes(state);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a " + type.getSimpleName() + " state cannot be written as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public S decode(byte[] bytes) {
        try {
            return reader.readValue(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored state is not a " + type.getSimpleName() + " in JSON: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public boolean isText() {
        return true;
    }
}
