package io.streamingbatchnorm.schemas.json;

import io.streamingbatchnorm.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * JSON line form of {@link DeadLetter} for files. {@code rejected_at} is left out: it is processing time,
 * and a replay's outputs must be identical from run to run.
 */
final class DeadLetterJson {
    private DeadLetterJson() {}

    static String write(DeadLetter letter) {
        return JsonFormat.write(gen -> {
            if (letter.getSourceLine() != null) {
                gen.writeNumberField("line", letter.getSourceLine());
            }
            if (letter.getTopic() != null) {
                gen.writeStringField("topic", letter.getTopic());
            }
            if (letter.getPartition() != null) {
                gen.writeNumberField("partition", letter.getPartition());
            }
            if (letter.getOffset() != null) {
                gen.writeNumberField("offset", letter.getOffset());
            }
            gen.writeStringField("reason", letter.getReason());
            gen.writeStringField("message", letter.getMessage());
            ByteBuffer original = letter.getOriginal().duplicate();
            String text = utf8(original);
            if (text != null) {
                gen.writeStringField("original", text);
            } else {
                gen.writeStringField("original_base64", Base64.getEncoder().encodeToString(bytes(original)));
            }
        });
    }

    /** The bytes as text if they are valid UTF-8, otherwise null (the caller falls back to base64). */
    private static String utf8(ByteBuffer bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes.duplicate());
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
