package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.core.Running;
import io.streamingbatchnorm.core.RunningVariance;
import io.streamingbatchnorm.core.config.ConfigOption;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;

/**
 * How a snapshot's running statistics were computed, as far as known: the running mode ({@code --running}), the
 * variance folded in ({@code --running-variance}) and the weight of a prior. What a framework may do with the
 * statistics when its layer trains on depends on them; see {@link ExportPolicy}.
 *
 * <p>A snapshot says so in its optional fields {@code running}, {@code running_variance} (the flag forms, such as
 * {@code ema} and {@code unbiased}) and {@code prior_weight}; {@link #of(IndexedRecord)} reads them by name, so that
 * snapshots of any schema version that has them are understood, and those of versions without them are
 * {@link #UNKNOWN}. Someone who knows how the statistics were computed may declare it ({@link #declared}).
 *
 * @param running the running mode, or {@code null} when unknown
 * @param variance the running variance, or {@code null} when unknown
 * @param priorWeight the weight of the key's prior, or {@code null} when unknown or there is none
 */
public record ExportConventions(Running running, RunningVariance variance, Double priorWeight) {
    /** Nothing known. */
    public static final ExportConventions UNKNOWN = new ExportConventions(null, null, null);

    /** What a snapshot's optional fields say. */
    public static ExportConventions of(IndexedRecord snapshot) {
        return new ExportConventions(
                choice(field(snapshot, "running"), Running.class),
                choice(field(snapshot, "running_variance"), RunningVariance.class),
                field(snapshot, "prior_weight") instanceof Number n ? n.doubleValue() : null);
    }

    /** What a user declares (flag forms; {@code null} for not declared). */
    public static ExportConventions declared(String running, String variance) {
        return new ExportConventions(
                running == null ? null : io.streamingbatchnorm.core.NormalizerOptions.RUNNING.parse(running),
                variance == null ? null : io.streamingbatchnorm.core.NormalizerOptions.RUNNING_VARIANCE.parse(variance),
                null);
    }

    /**
     * These conventions completed with {@code declared}; the snapshot's own word wins, and a declaration that
     * contradicts it is refused.
     *
     * @throws ExportRefusedException naming the setting declared differently
     */
    public ExportConventions with(ExportConventions declared) {
        return new ExportConventions(
                pick("running", running, declared.running),
                pick("running-variance", variance, declared.variance),
                priorWeight);
    }

    private static <E extends Enum<E>> E pick(String setting, E known, E declared) {
        if (known != null && declared != null && known != declared) {
            throw new ExportRefusedException(
                    setting,
                    "the snapshot says its statistics were computed with --" + setting + " "
                            + ConfigOption.flagForm(known) + ", not " + ConfigOption.flagForm(declared));
        }
        return known != null ? known : declared;
    }

    private static Object field(IndexedRecord record, String name) {
        Schema.Field f = record.getSchema().getField(name);
        Object value = f == null ? null : record.get(f.pos());
        return value;
    }

    private static <E extends Enum<E>> E choice(Object value, Class<E> type) {
        if (value == null) {
            return null;
        }
        String wanted = value.toString().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(wanted)) {
                return constant;
            }
        }
        return null;
    }
}
