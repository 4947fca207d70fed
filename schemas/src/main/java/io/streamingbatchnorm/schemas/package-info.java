/**
 * The Kafka wire format: Avro single-object encoding of the generated records in
 * {@code io.streamingbatchnorm.avro} ({@link io.streamingbatchnorm.schemas.WireCodec}) and of the features
 * and normalized records in primitive form, for the engines' per-record paths
 * ({@link io.streamingbatchnorm.schemas.FeatureVectorCodec},
 * {@link io.streamingbatchnorm.schemas.NormalizedVectorEncoder}); the catalog of every schema version this
 * library can read, and the errors a bad payload is reported with.
 */
package io.streamingbatchnorm.schemas;
