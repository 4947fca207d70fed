package io.streamingbatchnorm.cli.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** TCP ports on the loopback address, where every process of the local cluster listens. */
final class Ports {
    static final String HOST = "127.0.0.1";

    private Ports() {}

    /** {@code count} distinct ports nothing listens on now; all are held until every one is known. */
    static int[] free(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST));
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + HOST, e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Only probed; the port is free again either way.
                }
            }
        }
    }

    /** Fails with the flag that chose {@code port} if something listens on it already. */
    static void requireFree(int port, String flag) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
            s.getLocalPort();
        } catch (IOException e) {
            throw ClusterException.failure("port " + port + " on " + HOST + " is in use (" + e.getMessage()
                    + "); choose another with " + flag + ", or leave " + flag + " out to take a free port");
        }
    }
}
