package io.streamingbatchnorm.bench.e2e;

/** A Kafka record ready to send: key and value bytes and the record timestamp (a Flink POJO). */
public class EncodedRecord {
    public byte[] key;
    public byte[] value;
    public long timestamp;

    public EncodedRecord() {}

    public EncodedRecord(byte[] key, byte[] value, long timestamp) {
        this.key = key;
        this.value = value;
        this.timestamp = timestamp;
    }
}
