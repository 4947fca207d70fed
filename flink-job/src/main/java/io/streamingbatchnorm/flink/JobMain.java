package io.streamingbatchnorm.flink;

import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.config.CommandLineArgs;
import io.streamingbatchnorm.core.config.ConfigOption;
import io.streamingbatchnorm.core.config.OptionTable;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.flink.kafka.KafkaJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main class of the job jar, for {@code flink run} and for a Flink cluster in application mode. It takes
 * exactly the flags of {@code normalize run}: the {@link JobOptions}, the {@link NormalizerOptions} and
 * {@code -Dname=value} Flink settings for the job.
 */
public final class JobMain {
    private static final Logger LOG = LoggerFactory.getLogger(JobMain.class);

    /** Every flag the job takes, job options first. */
    public static final List<ConfigOption<?>> OPTIONS = concat(JobOptions.ALL, NormalizerOptions.ALL);

    private JobMain() {}

    public static void main(String[] args) throws Exception {
        CommandLineArgs parsed = CommandLineArgs.parse(args, OPTIONS);
        if (parsed.help()) {
            System.out.println("Flags of the streaming-batchnorm job (the same as 'normalize run'):");
            System.out.print(OptionTable.markdown(OPTIONS));
            return;
        }
        OptionValues job = OptionValues.parse(JobOptions.ALL, only(parsed.options(), JobOptions.ALL));
        NormalizerConfig config = NormalizerOptions.parse(only(parsed.options(), NormalizerOptions.ALL));
        JobConfig jobConfig = JobOptions.from(job);
        JobClient client = KafkaJob.start(jobConfig, config, Configuration.fromMap(parsed.settings()));
        LOG.info("job {} submitted: {}", client.getJobID(), jobConfig);
        if (!job.get(JobOptions.DETACH)) {
            client.getJobExecutionResult().get();
        }
    }

    private static Map<String, String> only(Map<String, String> given, List<ConfigOption<?>> options) {
        Map<String, String> out = new LinkedHashMap<>();
        for (ConfigOption<?> o : options) {
            if (given.containsKey(o.key())) {
                out.put(o.key(), given.get(o.key()));
            }
        }
        return out;
    }

    private static List<ConfigOption<?>> concat(List<ConfigOption<?>> a, List<ConfigOption<?>> b) {
        List<ConfigOption<?>> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
