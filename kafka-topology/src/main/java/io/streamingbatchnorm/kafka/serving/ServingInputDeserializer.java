package io.streamingbatchnorm.kafka.serving;

import io.streamingbatchnorm.schemas.AvroWire;
import io.streamingbatchnorm.schemas.WireFormatException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes the serving input. A payload that does not decode (a null one included) throws the
 * {@link WireFormatException}, which Kafka Streams hands to the deserialization exception handler; that
 * handler writes the dead letter, with the reason code the exception carries.
 */
public final class ServingInputDeserializer implements Deserializer<ServingInput> {

    @Override
    public ServingInput deserialize(String topic, byte[] data) {
        return new ServingInput(data, AvroWire.featureVectors().decode(data));
    }
}
