package io.streamingbatchnorm.kafka.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.kafka.metrics.ServingMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The query API over HTTP or HTTPS, on the JDK's built-in server: health, the keys, a key's snapshots and their
 * export for PyTorch or Keras, and the application's metrics, behind an optional bearer token. See {@code
 * docs/serving.md}.
 */
public final class QueryServer implements AutoCloseable {
    private static final int THREADS = 4;

    private final HttpServer server;
    private final ExecutorService executor;

    private QueryServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts listening as {@code api} says.
     *
     * @throws UncheckedIOException if the address cannot be bound
     * @throws ConfigException naming the flag when the token or keystore cannot be read
     */
    public static QueryServer start(QueryApi api, StatsQuery query) {
        return start(api, query, new ServingMetrics());
    }

    /**
     * Starts listening as {@code api} says, answering {@code GET /metrics} with {@code metrics}.
     *
     * @throws UncheckedIOException if the address cannot be bound
     * @throws ConfigException naming the flag when the token or keystore cannot be read
     */
    public static QueryServer start(QueryApi api, StatsQuery query, ServingMetrics metrics) {
        String token = api.tokenFile() == null ? null : secret(api.tokenFile(), "http-token-file");
        SSLContext tls = api.tls() ? tls(api) : null;
        HttpServer server;
        try {
            InetSocketAddress address = new InetSocketAddress(api.bind(), api.port());
            if (tls != null) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            } else {
                server = HttpServer.create(address, 0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for the query API on " + api.bind() + ":" + api.port(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", new ApiHandler(query, metrics, token));
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

    /** The first line of a secret file; the message names the flag, never the contents. */
    private static String secret(Path file, String option) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConfigException(
                    option, "cannot read " + file + ": " + e.getClass().getSimpleName());
        }
        if (text.isEmpty() || text.contains("\n")) {
            throw new ConfigException(option, file + " must hold the secret on one line, and nothing else");
        }
        return text;
    }

    private static SSLContext tls(QueryApi api) {
        char[] password =
                secret(api.tlsPasswordFile(), "http-tls-password-file").toCharArray();
        try (InputStream in = Files.newInputStream(api.tlsKeystore())) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    "http-tls-keystore",
                    "cannot load " + api.tlsKeystore() + " with the password in --http-tls-password-file: "
                            + e.getMessage());
        }
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
