package dev.tributary.client;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** A real node of a test class's own and a client holding its admin key, started once for the class's tests. */
abstract class AgainstANode {
    @TempDir
    static Path dir;

    static TestNode node;
    static TributaryClient client;

    @BeforeAll
    static void startNode() {
        node = TestNode.start(dir);
        client = node.adminClient();
    }

    @AfterAll
    static void stopNode() {
        client.close();
        node.close();
    }
}
