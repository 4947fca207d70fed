package io.streamingbatchnorm.cli.cluster;

/**
 * A problem with the local cluster explained in one line that names the fix: a usage problem (a bad flag, a
 * missing Java; exit code 2) or a runtime one (a port in use, a cluster that is not up; exit code 1).
 */
public final class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean usage;

    private ClusterException(boolean usage, String message, Throwable cause) {
        super(message, cause);
        this.usage = usage;
    }

    public static ClusterException usage(String message) {
        return new ClusterException(true, message, null);
    }

    public static ClusterException failure(String message) {
        return new ClusterException(false, message, null);
    }

    public static ClusterException failure(String message, Throwable cause) {
        return new ClusterException(false, message, cause);
    }

    public boolean isUsage() {
        return usage;
    }
}
