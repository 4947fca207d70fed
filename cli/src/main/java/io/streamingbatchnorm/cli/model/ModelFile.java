package io.streamingbatchnorm.cli.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamingbatchnorm.cli.CliException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads the scale and shift of one batch normalization layer from a JSON file, for a SET_AFFINE command.
 *
 * <p>Accepted forms, so that a layer can be moved between a framework and the job both ways:
 * <ul>
 *   <li>PyTorch naming: {@code {"weight": [...], "bias": [...], "running_mean": [...], ...}};
 *   <li>Keras naming: {@code {"gamma": [...], "beta": [...], "moving_mean": [...], ...}};
 *   <li>either one nested under {@code "state_dict"} or {@code "weights"}, as {@code normalize stats --export}
 *       writes them.
 * </ul>
 * gamma is {@code weight} or {@code gamma}, beta is {@code bias} or {@code beta}; either may be absent (the
 * job then keeps the other). Running statistics in the file are ignored: the job learns its own.
 */
public final class ModelFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLAG = "--from-model";

    /** The layer's scale and shift; one of them may be null. */
    public record Affine(double[] gamma, double[] beta) {}

    private ModelFile() {}

    /**
     * Reads {@code file}.
     *
     * @throws CliException naming {@code --from-model} when the file is missing, not JSON, or has neither field
     */
    public static Affine read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw CliException.usage(FLAG + ": no such file '" + file + "'");
        } catch (IOException e) {
            throw CliException.usage(FLAG + ": cannot read '" + file + "': " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /** Parses the JSON text of a layer; {@code source} names it in messages. */
    public static Affine parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw CliException.usage(FLAG + ": '" + source + "' is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw CliException.usage(FLAG + ": '" + source + "' must hold a JSON object with the layer's parameters");
        }
        JsonNode layer = root;
        for (String container : new String[] {"state_dict", "weights"}) {
            if (root.path(container).isObject()) {
                layer = root.get(container);
            }
        }
        double[] gamma = vector(layer, source, "weight", "gamma");
        double[] beta = vector(layer, source, "bias", "beta");
        if (gamma == null && beta == null) {
            throw CliException.usage(
                    FLAG + ": '" + source + "' has no 'weight'/'bias' (PyTorch) or 'gamma'/'beta' " + "(Keras) arrays");
        }
        return new Affine(gamma, beta);
    }

    private static double[] vector(JsonNode layer, String source, String pytorchName, String kerasName) {
        JsonNode pytorch = layer.get(pytorchName);
        JsonNode keras = layer.get(kerasName);
        if (pytorch != null && keras != null) {
            throw CliException.usage(FLAG + ": '" + source + "' has both '" + pytorchName + "' and '" + kerasName
                    + "'; keep one naming");
        }
        String name = pytorch != null ? pytorchName : kerasName;
        JsonNode node = pytorch != null ? pytorch : keras;
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw CliException.usage(FLAG + ": '" + name + "' in '" + source + "' must be an array of numbers");
        }
        double[] values = new double[node.size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isNumber()) {
                throw CliException.usage(
                        FLAG + ": '" + name + "[" + i + "]' in '" + source + "' is " + v + ", not a number");
            }
            values[i] = v.doubleValue();
        }
        return values;
    }
}
