package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.core.Running;
import io.streamingbatchnorm.core.RunningVariance;
import io.streamingbatchnorm.core.config.ConfigOption;

/**
 * What an export may call the statistics, so that a layer loaded from it never mislabels them.
 *
 * <p>The numbers are never converted: the mean, variance, gamma, beta and epsilon are exported as the job normalizes
 * eval records with them, so a framework's layer in eval mode gives the job's numbers (a converted variance would
 * be the training/serving skew this project exists to prevent; and an exact conversion is not possible from a
 * snapshot, since an average of batch variances times n/(n-1) needs every batch's n).
 *
 * <p>What differs between the frameworks is what they fold into the statistics when their layer goes on training:
 *
 * <ul>
 *   <li>PyTorch's {@code BatchNorm1d} folds the <b>unbiased</b> batch variance into {@code running_var}, with
 *       {@code momentum} the weight of the new batch, or with {@code momentum=None} the plain average of the
 *       batches, weighing the next one {@code 1 / (num_batches_tracked + 1)}.
 *   <li>Keras' {@code BatchNormalization} folds the <b>biased</b> batch variance into {@code moving_variance}, with
 *       {@code momentum} the weight of the old value.
 * </ul>
 *
 * A trainable export is therefore written only for statistics of the same kind: PyTorch for {@code --running ema}
 * (momentum {@code 1 - momentum}) or {@code average} without a prior (momentum {@code None}), with {@code
 * --running-variance unbiased}; Keras for {@code --running ema} with {@code --running-variance biased}. Anything else
 * (another running mode, the other variance, or statistics whose computation is unknown) is refused, unless a
 * <i>frozen</i> layer is asked for: its momentum (PyTorch 0, Keras 1) keeps the statistics as they are whatever the
 * layer sees, which is true of every statistics.
 */
public final class ExportPolicy {
    private ExportPolicy() {}

    /** How a layer of {@code format} may go on training, or that it is frozen. */
    public record Momentum(Double value, boolean frozen, String unsupported) {
        Momentum(Double value, boolean frozen) {
            this(value, frozen, null);
        }
    }

    /** Why a Keras layer gets no momentum for statistics of {@code --running average}. */
    static final String KERAS_AVERAGE = "Keras has no momentum that keeps the plain average of the batch statistics"
            + " (PyTorch's momentum=None); give the layer a momentum of your choice before it trains further, or"
            + " export a frozen layer (--frozen, frozen=true)";

    /**
     * The momentum to write for statistics of {@code conventions} with the job's {@code momentum}: {@code null}
     * value for PyTorch's {@code momentum=None}.
     *
     * @throws ExportRefusedException when the format would fold other statistics into them and no frozen layer is
     *     asked for
     */
    public static Momentum momentum(
            ModelExport.Format format, ExportConventions conventions, double momentum, boolean frozen) {
        if (frozen) {
            return new Momentum(format == ModelExport.Format.PYTORCH ? 0.0 : 1.0, true);
        }
        RunningVariance wantedVariance =
                format == ModelExport.Format.PYTORCH ? RunningVariance.UNBIASED : RunningVariance.BIASED;
        String name = format == ModelExport.Format.PYTORCH ? "PyTorch" : "Keras";
        if (conventions.variance() == null || conventions.running() == null) {
            throw new ExportRefusedException(
                    conventions.variance() == null ? "running-variance" : "running",
                    "the snapshot does not say how its statistics were computed (--running and --running-variance of"
                            + " the job that published it), and a trainable " + name + " layer must fold the same"
                            + " kind of statistics: declare them (stats: --running, --running-variance; query API:"
                            + " running=, running_variance=) or export a frozen layer (--frozen, frozen=true)");
        }
        if (conventions.variance() != wantedVariance) {
            throw new ExportRefusedException(
                    "running-variance",
                    "the statistics hold the " + ConfigOption.flagForm(conventions.variance()) + " running"
                            + " variance, but " + name + " folds the " + ConfigOption.flagForm(wantedVariance)
                            + " batch variance into "
                            + (format == ModelExport.Format.PYTORCH ? "running_var" : "moving_variance")
                            + ": compute the statistics with --running-variance "
                            + ConfigOption.flagForm(wantedVariance) + ", export the other framework, or export a"
                            + " frozen layer (--frozen, frozen=true), which normalizes exactly as the job");
        }
        if (conventions.running() == Running.EMA) {
            return new Momentum(
                    format == ModelExport.Format.PYTORCH ? ModelExport.pytorchMomentum(momentum) : momentum, false);
        }
        boolean withPrior = conventions.priorWeight() != null && conventions.priorWeight() > 0;
        if (conventions.running() == Running.AVERAGE && !withPrior) {
            // PyTorch keeps this average with momentum=None; Keras has none, and the export says so.
            return format == ModelExport.Format.PYTORCH
                    ? new Momentum(null, false)
                    : new Momentum(null, false, KERAS_AVERAGE);
        }
        throw new ExportRefusedException(
                "running",
                "statistics of --running " + ConfigOption.flagForm(conventions.running())
                        + (withPrior ? " with a prior" : "") + " have no " + name + " momentum that goes on"
                        + " computing them (" + name + " supports "
                        + "ema, and average without a prior"
                        + "): export a frozen layer (--frozen, frozen=true), which normalizes exactly as the job");
    }
}
