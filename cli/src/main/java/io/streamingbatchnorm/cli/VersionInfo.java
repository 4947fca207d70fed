package io.streamingbatchnorm.cli;

import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine.IVersionProvider;

/** The versions printed by {@code normalize --version}: this tool, and the Flink, Kafka and Java it runs on. */
final class VersionInfo implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String own = Normalize.class.getPackage().getImplementationVersion();
        return new String[] {
            "normalize " + (own == null ? "(development build)" : own),
            "Apache Flink " + EnvironmentInformation.getVersion() + ", Apache Kafka clients "
                    + AppInfoParser.getVersion(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
