package io.streamingbatchnorm.cli;

import io.streamingbatchnorm.avro.ControlCommand;
import io.streamingbatchnorm.core.Command;
import io.streamingbatchnorm.core.CommandCheck;
import io.streamingbatchnorm.core.CommandType;
import io.streamingbatchnorm.core.NormalizerConfig;
import io.streamingbatchnorm.core.NormalizerOptions;
import io.streamingbatchnorm.core.Rejection;
import io.streamingbatchnorm.core.config.KafkaOptions;
import io.streamingbatchnorm.core.config.OptionValues;
import io.streamingbatchnorm.core.config.PropertiesFile;
import io.streamingbatchnorm.flink.kafka.KafkaBrokers;
import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.CoreMapping;
import io.streamingbatchnorm.schemas.json.JsonLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code normalize control}: sends one control command to the job's control topic (DESIGN 4.6). */
@picocli.CommandLine.Command(
        name = "control",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        sortOptions = false,
        headerHeading = "%n",
        descriptionHeading = "%n",
        header = "Send a control command (TRAIN, EVAL, RESET, SET_AFFINE, SET_PARAMS, SET_PRIOR) to the running job.",
        customSynopsis = {
            "normalize control COMMAND --key KEY|'*' [--effective-time TIME]",
            "                  [--gamma G,... --beta B,... | --from-model FILE]",
            "                  [--momentum X] [--epsilon X]",
            "                  [--prior-mean M,... --prior-variance V,... | --from-stats STATS.jsonl] [--weight K]",
            "                  [--issuer NAME] [--id ID]",
            "                  --bootstrap-servers HOST:PORT[,...] [--control-topic TOPIC]",
            "                  [--kafka-properties FILE] [--max-dimension N] [--dry-run]"
        },
        description = {
            "The command applies to one key, or to every key with --key '*' (keys first seen later included), "
                    + "from its effective event time on: records with event_time >= that time get the new mode or "
                    + "parameters. Without --effective-time it applies from when the job processes it.",
            "",
            "  TRAIN       micro-batch normalization; the running statistics learn",
            "  EVAL        normalize each record at once with the frozen running statistics",
            "  RESET       back to the initial state: fresh statistics, gamma 1, beta 0",
            "  SET_AFFINE  set gamma (scale) and/or beta (shift): --gamma, --beta",
            "              or --from-model",
            "  SET_PARAMS  set --momentum and/or --epsilon",
            "  SET_PRIOR   the statistics a new key starts from: --prior-mean, --prior-variance",
            "              and --weight (how many values it counts as), or --from-stats to pool",
            "              every key of a stats file written by 'normalize replay --stats-output'",
            "",
            "COMMAND may also be given as --command COMMAND.",
            "",
            "The command is checked before it is sent (a bad value exits with code 2 and sends nothing), sent "
                    + "Avro single-object encoded with the key as message key, and printed as a JSON line.",
            ""
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  # Every key to eval mode from noon UTC on:",
            "  normalize control EVAL --key '*' --effective-time 2024-05-01T12:00:00Z \\",
            "      --bootstrap-servers kafka:9092",
            "",
            "  normalize control SET_AFFINE --key sensor-7 --gamma 1,1,2 --beta 0,0,0.5 \\",
            "      --bootstrap-servers kafka:9092",
            "",
            "  # gamma and beta of a trained PyTorch or Keras layer, as JSON:",
            "  normalize control SET_AFFINE --key sensor-7 --from-model bn_layer.json \\",
            "      --bootstrap-servers kafka:9092",
            "",
            "  normalize control SET_PARAMS --key '*' --momentum 0.99 \\",
            "      --bootstrap-servers kafka:9092",
            "",
            "  normalize control RESET --key sensor-7 --dry-run",
            "",
            "  # New keys start from what the keys of last month's replay had, worth 50 values:",
            "  normalize control --command SET_PRIOR --key '*' --from-stats stats.jsonl --weight 50 \\",
            "      --bootstrap-servers kafka:9092"
        })
final class ControlSendCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "COMMAND",
            description = "TRAIN, EVAL, RESET, SET_AFFINE, SET_PARAMS or SET_PRIOR (any case; set-affine works too).")
    String command;

    @Option(names = "--command", paramLabel = "COMMAND", description = "The command, instead of the first argument.")
    String commandFlag;

    @Option(
            names = "--key",
            required = true,
            paramLabel = "KEY",
            description = "The key the command applies to, or '*' (quoted in the shell) for every key.")
    String key;

    @Option(
            names = "--effective-time",
            paramLabel = "TIME",
            description = "Event time from which it applies: epoch milliseconds or an ISO-8601 instant such as "
                    + "2024-05-01T12:00:00Z. Default: when the job processes it.")
    String effectiveTime;

    @Option(
            names = "--gamma",
            split = ",",
            paramLabel = "G",
            description = "SET_AFFINE: the scale per feature, comma-separated.")
    double[] gamma;

    @Option(
            names = "--beta",
            split = ",",
            paramLabel = "B",
            description = "SET_AFFINE: the shift per feature, comma-separated.")
    double[] beta;

    @Option(
            names = "--from-model",
            paramLabel = "FILE",
            description = "SET_AFFINE: take gamma and beta from a JSON export of a batch normalization layer: "
                    + "PyTorch naming (weight, bias[, running_mean, running_var...]) or Keras naming (gamma, beta"
                    + "[, moving_mean, moving_variance]), at the top level or under state_dict/weights as "
                    + "'normalize stats --export' writes them. Running statistics in the file are ignored.")
    Path fromModel;

    @Option(
            names = "--momentum",
            paramLabel = "X",
            description =
                    "SET_PARAMS: weight of the old running value, in [0, 1) (PyTorch's momentum p is 1 - p here).")
    Double momentum;

    @Option(names = "--epsilon", paramLabel = "X", description = "SET_PARAMS: added to the variance, >= 0.")
    Double epsilon;

    @Option(
            names = "--prior-mean",
            split = ",",
            paramLabel = "M",
            description = "SET_PRIOR: the mean per feature a new key starts from, comma-separated.")
    double[] priorMean;

    @Option(
            names = "--prior-variance",
            split = ",",
            paramLabel = "V",
            description = "SET_PRIOR: the variance per feature a new key starts from, comma-separated.")
    double[] priorVariance;

    @Option(
            names = "--from-stats",
            paramLabel = "STATS.jsonl",
            description = "SET_PRIOR: pool the statistics of every key of a stats file (records folded in as weights,"
                    + " the law of total variance) into the prior.")
    Path fromStats;

    @Option(
            names = "--weight",
            paramLabel = "K",
            description = "SET_PRIOR: how many values the prior counts as when it is pooled with a key's own; >= 0.")
    Double weight;

    @Option(
            names = "--issuer",
            paramLabel = "NAME",
            defaultValue = "${sys:user.name}",
            description = "Who issues the command, for the audit trail and the job's --control-issuers. "
                    + "Default: the user name (${DEFAULT-VALUE}).")
    String issuer;

    @Option(
            names = "--id",
            paramLabel = "ID",
            description = "Unique command id; the job ignores a repeated id. Default: a random UUID.")
    String id;

    final OptionFlags kafka = OptionFlags.kafka(KafkaOptions.CONTROL_TOPIC);

    @Option(
            names = "--max-dimension",
            paramLabel = "N",
            description = "The job's --max-dimension, to check the length of gamma and beta before sending. Default: "
                    + "the job's default.")
    String maxDimension;

    @Option(names = "--dry-run", description = "Check the command and print it without sending it.")
    boolean dryRun;

    @Override
    public Integer call() {
        CommandType type = commandType();
        Command c = ControlFlags.build(this, type);
        NormalizerConfig limits = maxDimension == null
                ? NormalizerConfig.defaults()
                : NormalizerConfig.builder()
                        .maxDimension(NormalizerOptions.MAX_DIMENSION.parse(maxDimension))
                        .build();
        Rejection refused = CommandCheck.validate(c, limits);
        if (refused != null) {
            throw CliException.usage(ControlFlags.flagOf(c, refused, fromModel != null) + ": " + refused.message());
        }
        ControlCommand avro = CoreMapping.toAvro(c);
        String json = JsonLines.writeControlCommand(avro);
        if (dryRun) {
            spec.commandLine().getOut().println(json);
            spec.commandLine().getErr().println("control: dry run; nothing was sent");
            return 0;
        }
        OptionValues flags = kafka.values();
        String controlTopic = flags.get(KafkaOptions.CONTROL_TOPIC);
        if (flags.get(KafkaOptions.BOOTSTRAP_SERVERS) == null) {
            throw CliException.usage("--bootstrap-servers: required to send the command (or use --dry-run)");
        }
        KafkaBrokers brokers = KafkaBrokers.of(
                flags.get(KafkaOptions.BOOTSTRAP_SERVERS),
                PropertiesFile.read(flags.get(KafkaOptions.KAFKA_PROPERTIES), KafkaOptions.KAFKA_PROPERTIES));
        int partitions = brokers.requireTopic(controlTopic, "--control-topic")
                .partitions()
                .size();
        if (partitions != 1) {
            throw CliException.failure("control topic '" + controlTopic + "' has " + partitions
                    + " partitions; the job " + "accepts exactly 1, so that commands keep the order they were sent in");
        }
        RecordMetadata sent = brokers.send(
                controlTopic,
                "--control-topic",
                c.key().getBytes(StandardCharsets.UTF_8),
                AvroWire.controlCommands().encode(avro));
        spec.commandLine().getOut().println(json);
        spec.commandLine()
                .getErr()
                .println("control: sent " + type + " for key '" + c.key() + "'"
                        + (c.effectiveTime() == null ? "" : " from " + Instant.ofEpochMilli(c.effectiveTime()))
                        + " to " + sent.topic() + " partition " + sent.partition() + " offset " + sent.offset()
                        + " at " + brokers.bootstrapServers());
        return 0;
    }

    private CommandType commandType() {
        if (command != null && commandFlag != null && !command.equalsIgnoreCase(commandFlag)) {
            throw CliException.usage("--command: give the command once, as the first argument or with --command");
        }
        String given = command != null ? command : commandFlag;
        if (given == null) {
            throw CliException.usage("COMMAND: missing; give TRAIN, EVAL, RESET, SET_AFFINE, SET_PARAMS or SET_PRIOR");
        }
        String wanted = given.trim().replace('-', '_').toUpperCase(java.util.Locale.ROOT);
        for (CommandType t : CommandType.values()) {
            if (t.name().equals(wanted)) {
                return t;
            }
        }
        throw CliException.usage(
                "COMMAND: '" + given + "' is not one of TRAIN, EVAL, RESET, SET_AFFINE, SET_PARAMS, SET_PRIOR");
    }

    String idOrRandom() {
        return id == null ? UUID.randomUUID().toString() : id;
    }
}
