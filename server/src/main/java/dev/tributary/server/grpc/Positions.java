package dev.tributary.server.grpc;

import dev.tributary.log.StreamAppendResult;
import dev.tributary.server.grpc.v1.AppendToStreamResponse;
import dev.tributary.server.grpc.v1.Position;
import dev.tributary.server.grpc.v1.StreamPosition;
import java.util.List;

/** Where appended events went, as the API's messages say it (the same members as HTTP's {@code results}). Stateless. */
final class Positions {
    private Positions() {}

    static Position of(dev.tributary.log.Position p) {
        return Position.newBuilder().setPartition(p.partition()).setOffset(p.offset()).setDuplicate(p.duplicate()).build();
    }

    static List<Position> of(List<dev.tributary.log.Position> positions) {
        return positions.stream().map(Positions::of).toList();
    }

    static AppendToStreamResponse of(String stream, StreamAppendResult result) {
        AppendToStreamResponse.Builder response = AppendToStreamResponse.newBuilder()
                .setStream(stream)
                .setFirstVersion(result.firstVersion())
                .setCurrentVersion(result.currentVersion())
                .setDuplicate(result.duplicate());
        long version = result.firstVersion();
        for (dev.tributary.log.Position p : result.positions()) {
            response.addPositions(StreamPosition.newBuilder()
                    .setPartition(p.partition())
                    .setOffset(p.offset())
                    .setVersion(version++)
                    .setDuplicate(p.duplicate()));
        }
        return response.build();
    }
}
