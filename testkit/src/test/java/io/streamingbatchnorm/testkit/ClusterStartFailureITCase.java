package io.streamingbatchnorm.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cluster that cannot start fails the first replay with a message that says so, not a bare Flink exception. */
class ClusterStartFailureITCase {
    private static final ServerSocket TAKEN = bind();

    @RegisterExtension
    static final ReplayExtension REPLAY = new ReplayExtension()
            .flink("rest.address", "127.0.0.1")
            .flink("rest.bind-address", "127.0.0.1")
            .flink("rest.bind-port", Integer.toString(TAKEN.getLocalPort()));

    private static ServerSocket bind() {
        try {
            return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void release() throws IOException {
        TAKEN.close();
    }

    @Test
    void theFirstReplayNamesTheClusterStartAsTheProblem() {
        assertThatThrownBy(() -> REPLAY.replayer()
                        .replay()
                        .record("k", 1_700_000_000_000L, "a", 1, 2)
                        .run())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot start the Flink MiniCluster for replays")
                .hasMessageContaining("ReplayExtension.flink");
    }
}
