/**
 * Control commands: validation on arrival, their watermarks, and the stamping function that
 * owns each key's control state and stamps every record with the mode and parameters that apply to its event
 * time.
 */
package io.streamingbatchnorm.flink.control;
