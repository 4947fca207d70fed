/** Reading the job's state out of a savepoint or retained checkpoint with the State Processor API. */
package io.streamingbatchnorm.flink.savepoint;
