/**
 * The JSON line format of replay input, output, control and stats files (one record per line), read and
 * written with Jackson's streaming API.
 */
package io.streamingbatchnorm.schemas.json;
