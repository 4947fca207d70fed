package io.streamingbatchnorm.kafka.http;

import io.streamingbatchnorm.core.ConfigException;
import java.nio.file.Path;

/**
 * Where and how the query API listens: the address and port, and optionally a bearer token every request but
 * {@code /health} must carry and a keystore that turns on TLS. Secrets are named by files, never given as values,
 * so that they appear neither on a command line nor in a log.
 *
 * @param bind the address to listen on; {@code 127.0.0.1} keeps the API on this machine
 * @param port the port; 0 picks a free one
 * @param tokenFile a file holding the bearer token, or {@code null} for no authentication
 * @param tlsKeystore a PKCS12 or JKS keystore with the server's key and certificate, or {@code null} for plain HTTP
 * @param tlsPasswordFile a file holding the keystore's password, required with {@code tlsKeystore}
 */
public record QueryApi(String bind, int port, Path tokenFile, Path tlsKeystore, Path tlsPasswordFile) {
    public QueryApi {
        if (bind == null || bind.isBlank()) {
            throw new ConfigException("http-bind", "must be a host name or address to listen on, such as 127.0.0.1");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("http-port", "must be in [0, 65535] (0 picks a free port), got " + port);
        }
        if (tlsKeystore != null && tlsPasswordFile == null) {
            throw new ConfigException(
                    "http-tls-password-file", "is required with --http-tls-keystore: a file holding its password");
        }
        if (tlsKeystore == null && tlsPasswordFile != null) {
            throw new ConfigException("http-tls-password-file", "goes with --http-tls-keystore, which is not set");
        }
    }

    /** Plain HTTP without authentication, as tests and local use want it. */
    public static QueryApi plain(String bind, int port) {
        return new QueryApi(bind, port, null, null, null);
    }

    public QueryApi withPort(int otherPort) {
        return new QueryApi(bind, otherPort, tokenFile, tlsKeystore, tlsPasswordFile);
    }

    /** Whether requests go over TLS. */
    public boolean tls() {
        return tlsKeystore != null;
    }

    @Override
    public String toString() {
        return (tls() ? "https://" : "http://") + bind + ":" + port + (tokenFile == null ? "" : " (bearer token)");
    }
}
