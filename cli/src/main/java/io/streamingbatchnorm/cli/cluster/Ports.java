package io.streamingbatchnorm.cli.cluster;

import io.streamingbatchnorm.embedded.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** TCP ports on the loopback address, where every process of the local cluster listens. */
final class Ports {
    static final String HOST = "127.0.0.1";

    private Ports() {}

    /** {@code count} distinct ports nothing listens on now; all are held until every one is known. */
    static int[] free(int count) {
        return FreePorts.pick(count);
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
