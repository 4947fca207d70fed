package io.streamingbatchnorm.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks TCP ports on the loopback address that nothing listens on at the moment: for the embedded broker, and for
 * every other process this project starts on one machine (the local cluster, the benchmarks' broker process).
 */
public final class FreePorts {

    private FreePorts() {}

    /**
     * Returns {@code count} distinct free ports. All sockets are held open until every port is
     * known, so the operating system cannot hand out the same port twice within one call. Another
     * process may still take a port before the broker binds it, which is why startup retries.
     */
    public static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, host());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on the loopback address", e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    /** Fails with a message naming {@code port} if something on this machine listens on it. */
    static void requireFree(int port) {
        try {
            new ServerSocket(port, 1, host()).close();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "Port " + port + " on " + BrokerProperties.HOST + " is not free for the embedded Kafka broker: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The address the broker binds, rather than whatever the JVM prefers as loopback (maybe ::1). */
    private static InetAddress host() throws UnknownHostException {
        return InetAddress.getByName(BrokerProperties.HOST);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // The socket only probed a port; failing to close it changes nothing for the caller.
        }
    }
}
