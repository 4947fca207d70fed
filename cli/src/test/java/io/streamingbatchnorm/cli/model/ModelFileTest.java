package io.streamingbatchnorm.cli.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamingbatchnorm.cli.CliException;
import org.junit.jupiter.api.Test;

/** Reading gamma and beta from a layer export, and the messages for files that do not hold one. */
class ModelFileTest {
    @Test
    void pytorchAndKerasNamingAtTheTopLevelOrNested() {
        assertThat(ModelFile.parse("{\"weight\":[2],\"bias\":[1]}", "f").gamma())
                .containsExactly(2.0);
        assertThat(ModelFile.parse("{\"gamma\":[2],\"beta\":[1]}", "f").beta()).containsExactly(1.0);
        assertThat(ModelFile.parse("{\"state_dict\":{\"weight\":[3,4]}}", "f").gamma())
                .containsExactly(3.0, 4.0);
        assertThat(ModelFile.parse("{\"weights\":{\"beta\":[5]}}", "f").beta()).containsExactly(5.0);
    }

    @Test
    void eitherParameterMayBeAbsent() {
        ModelFile.Affine onlyGamma = ModelFile.parse("{\"gamma\":[1.5]}", "f");

        assertThat(onlyGamma.gamma()).containsExactly(1.5);
        assertThat(onlyGamma.beta()).isNull();
    }

    @Test
    void filesWithoutALayerAreRefusedNamingTheFlag() {
        assertRefused("[1, 2]", "must hold a JSON object");
        assertRefused("{\"weight\": [1, ", "is not JSON");
        assertRefused("{\"running_mean\": [1]}", "no 'weight'/'bias' (PyTorch) or 'gamma'/'beta' (Keras)");
        assertRefused("{\"weight\": [1], \"gamma\": [1]}", "keep one naming");
        assertRefused("{\"weight\": 1}", "must be an array of numbers");
        assertRefused("{\"bias\": [1, \"x\"]}", "'bias[1]'");
    }

    private static void assertRefused(String json, String detail) {
        assertThatThrownBy(() -> ModelFile.parse(json, "layer.json"))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("--from-model: ")
                .hasMessageContaining(detail)
                .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(CliException.USAGE));
    }
}
