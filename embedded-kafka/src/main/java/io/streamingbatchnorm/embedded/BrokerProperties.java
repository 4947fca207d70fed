package io.streamingbatchnorm.embedded;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The configuration of one node that is both broker and controller (KRaft, combined mode), listening
 * on the loopback address only.
 */
final class BrokerProperties {

    static final String HOST = "127.0.0.1";
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /**
     * Keys that define the node's identity, listeners and storage. They follow from the builder's
     * port and log directory, so a caller overriding them would break {@code bootstrapServers()}.
     */
    static final Set<String> RESERVED_KEYS = Set.of(
            "process.roles",
            "node.id",
            "broker.id",
            "listeners",
            "advertised.listeners",
            "listener.security.protocol.map",
            "controller.listener.names",
            "inter.broker.listener.name",
            "controller.quorum.voters",
            "controller.quorum.bootstrap.servers",
            "log.dir",
            "log.dirs",
            "metadata.log.dir");

    private BrokerProperties() {}

    /** Settings a caller may override: a single replica of everything, and small, fast internals. */
    static Map<String, String> defaults() {
        Map<String, String> p = new LinkedHashMap<>();
        // One node: every internal and user topic can only have one replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        // The first consumer group and the first transaction create these topics; 50 partitions each
        // (the default) would make that first use take seconds.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        // Consumers of a new group start at once instead of waiting for more members to join.
        p.put("group.initial.rebalance.delay.ms", "0");
        // The broker default, stated because an exactly-once sink's transaction timeout must not exceed it.
        p.put("transaction.max.timeout.ms", "900000");
        // Topics are created explicitly, so a misspelt topic name fails instead of silently appearing.
        p.put("auto.create.topics.enable", "false");
        // Recorded streams carry old event times as record timestamps; with the default seven-day
        // retention the broker would delete them while a test or demo is still reading them.
        p.put("log.retention.ms", "-1");
        p.put("num.partitions", "1");
        // Small segments let compaction reach data in tests and demos; the cleaner's default 128 MiB
        // buffer would be allocated per broker, a lot when several run in one JVM.
        p.put("log.segment.bytes", String.valueOf(16 * 1024 * 1024));
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        // Fewer threads than a production broker: it shares a small machine with its clients.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        return p;
    }

    /** The complete configuration: defaults, then the caller's overrides, then the reserved keys. */
    static Map<String, String> build(
            int nodeId, int port, int controllerPort, Path logDir, Map<String, String> overrides) {
        Map<String, String> p = defaults();
        p.putAll(overrides);
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(nodeId));
        p.put("controller.quorum.voters", nodeId + "@" + HOST + ":" + controllerPort);
        p.put(
                "listeners",
                BROKER_LISTENER + "://" + HOST + ":" + port + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort);
        p.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + port);
        p.put("listener.security.protocol.map", BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("inter.broker.listener.name", BROKER_LISTENER);
        p.put("log.dirs", logDir.toString());
        p.put("metadata.log.dir", logDir.toString());
        return p;
    }
}
