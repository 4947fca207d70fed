package io.streamingbatchnorm.kafka.http;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The query API over HTTP, on the JDK's built-in server: health, the keys, the latest snapshot of a key
 * and its export for PyTorch or Keras. See {@code docs/serving.md} for the endpoints.
 */
public final class QueryServer implements AutoCloseable {
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService executor;

    private QueryServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts listening on {@code host:port} (port 0 picks a free one).
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static QueryServer start(String host, int port, StatsQuery query) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the query API on " + host + ":" + port, e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new ApiHandler(query));
        server.start();
        return new QueryServer(server, executor);
    }

    /** The port the API listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Stops at once; requests in flight are cut off. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread t = new Thread(runnable, "query-api-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
