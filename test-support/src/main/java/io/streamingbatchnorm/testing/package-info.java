/**
 * Test infrastructure shared by every module's tests: the broker extension, topic helpers, polling with a
 * deadline, log capture, and references computed from the contract independently of core, which must
 * therefore never call the code they check.
 */
package io.streamingbatchnorm.testing;
