/**
 * The arithmetic of streaming Batch Normalization and every rule that decides a number: batch moments,
 * running-statistics folds, priors, record and command checks with their reason codes, a key's control
 * timeline and the normalizer's options. Plain Java with no dependency: never import a framework here, nor
 * anything from the modules built on it.
 */
package io.streamingbatchnorm.core;
