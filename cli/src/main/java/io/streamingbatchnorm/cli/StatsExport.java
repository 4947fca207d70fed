package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.StatsSnapshot;
import io.streamingbatchnorm.core.ConfigException;
import io.streamingbatchnorm.schemas.json.ExportConventions;
import io.streamingbatchnorm.schemas.json.ExportRefusedException;
import io.streamingbatchnorm.schemas.json.ModelExport;
import picocli.CommandLine.Option;

/** The export flags of {@code stats}: the framework, a frozen layer, and how the statistics were computed. */
final class StatsExport {
    @Option(
            names = "--export",
            paramLabel = "FRAMEWORK",
            description = "Print the --key's statistics as a pytorch or keras layer export (JSON).")
    ModelExport.Format format;

    @Option(
            names = "--frozen",
            description = "With --export: a layer whose momentum keeps the statistics as they are (PyTorch 0, Keras"
                    + " 1), for statistics the framework does not compute alike.")
    boolean frozen;

    @Option(
            names = "--running",
            paramLabel = "MODE",
            description = "With --export: the --running the statistics were computed with (ema, cumulative, average,"
                    + " decay), when the snapshot does not say.")
    String running;

    @Option(
            names = "--running-variance",
            paramLabel = "VARIANCE",
            description = "With --export: the --running-variance they were computed with (biased, unbiased), when the"
                    + " snapshot does not say.")
    String runningVariance;

    /** Refuses export flags without {@code --export}, and declarations that are not a running mode or variance. */
    void check() {
        if (format == null && (frozen || running != null || runningVariance != null)) {
            throw CliException.usage((frozen ? "--frozen" : running != null ? "--running" : "--running-variance")
                    + ": describes the layer of --export, which is not given");
        }
        declared();
    }

    private ExportConventions declared() {
        try {
            return ExportConventions.declared(running, runningVariance);
        } catch (ConfigException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    /** The layer of {@code s}, as indented JSON. */
    String write(StatsSnapshot s) {
        try {
            return ModelExport.exportIndented(s, format, new ModelExport.Options(frozen, declared()));
        } catch (ExportRefusedException e) {
            throw CliException.usage("--export: cannot export key '" + s.getKey() + "' as a " + format.flagForm()
                    + " layer: " + e.getMessage());
        }
    }
}
