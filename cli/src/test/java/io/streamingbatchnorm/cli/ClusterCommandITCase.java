package io.streamingbatchnorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The cluster commands on a running cluster and on bad input: one line naming the problem and the fix. */
@ExtendWith(LocalClusterExtension.class)
class ClusterCommandITCase {
    @TempDir
    Path dir;

    @Test
    void statusShowsWhatRunsAndWhere() {
        Cli.Result r = Cli.run("cluster", "status", "--dir", LocalClusterExtension.DIR.toString());
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.out())
                .contains("Kafka broker    " + LocalClusterExtension.cluster().bootstrapServers())
                .contains("web UI http://" + LocalClusterExtension.cluster().restAddress())
                .contains("TaskManager", "normalize cluster flink run -d ");
    }

    @Test
    void aClusterThatIsNotUpIsNamedWithTheFix() {
        for (String command : new String[] {"status", "down", "logs"}) {
            Cli.Result r = Cli.run("cluster", command, "--dir", dir.toString());
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err().strip())
                    .isEqualTo("normalize cluster " + command + ": no local cluster is up in '" + dir.toAbsolutePath()
                            + "'; start one with 'normalize cluster up' (or give its --dir)");
        }
    }

    @Test
    void aPortInUseIsNamedWithTheFlag() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Cli.Result r = Cli.run(
                    "cluster", "up", "--dir", dir.toString(), "--rest-port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
            assertThat(r.err())
                    .startsWith("normalize cluster up: port " + taken.getLocalPort() + " on 127.0.0.1 is in use")
                    .contains("choose another with --rest-port, or leave --rest-port out to take a free port");
            assertThat(r.err().strip().lines()).hasSize(1);
        }
    }

    @Test
    void aMissingJavaIsNamedWithTheFix() {
        Cli.Result r = Cli.run(
                "cluster",
                "up",
                "--dir",
                dir.toString(),
                "--java",
                dir.resolve("no-java").toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err().strip())
                .isEqualTo("normalize cluster up: --java: no Java executable at '" + dir.resolve("no-java")
                        + "'; install Java 17 or newer and give its bin/java with --java (or set JAVA_HOME)");
    }

    @Test
    void runAgainstAJobManagerThatIsNotUpSaysSo() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closed = s.getLocalPort();
        }
        Cli.Result r = Cli.run(
                "run",
                "--jobmanager",
                "127.0.0.1:" + closed,
                "--job-jar",
                ClusterFlink.jobJar().toString(),
                "--bootstrap-servers",
                LocalClusterExtension.cluster().bootstrapServers());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(1);
        assertThat(r.err())
                .startsWith("normalize run: --jobmanager: no Flink JobManager answers at 127.0.0.1:" + closed)
                .contains("start one with 'normalize cluster up'");
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aSavepointThatDoesNotExistIsNamedWithTheFlag() {
        Cli.Result r = Cli.run(
                "run",
                "--jobmanager",
                LocalClusterExtension.cluster().restAddress(),
                "--bootstrap-servers",
                LocalClusterExtension.cluster().bootstrapServers(),
                "--from-savepoint",
                dir.resolve("savepoint-0000").toString());
        assertThat(r.exitCode()).as("%s", r).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("normalize run: --from-savepoint: no such directory '" + dir.resolve("savepoint-0000"));
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
