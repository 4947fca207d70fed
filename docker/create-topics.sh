#!/bin/sh
# Creates the topics of the job and of the serving application, once, as the deployment needs them:
# the statistics topic compacted, the control topic with exactly one partition (the job refuses more) and
# kept forever (the job reads every command from its start at each start). The local cluster creates the
# same topics ('normalize cluster up'; ClusterTopicsTest keeps the two equal).
# Run by the one-shot 'topics' service of docker-compose.yml; safe to run again (--if-not-exists).
set -eu

bootstrap="${BOOTSTRAP_SERVERS:-kafka:9092}"
partitions="${FEATURE_PARTITIONS:-3}"
topics=/opt/kafka/bin/kafka-topics.sh

create() {
    name=$1
    shift
    "$topics" --bootstrap-server "$bootstrap" --create --if-not-exists --topic "$name" --replication-factor 1 "$@"
}

create features --partitions "$partitions"
create features-normalized --partitions "$partitions"
create feature-stats --partitions 1 --config cleanup.policy=compact
create features-dlq --partitions 1
create control --partitions 1 --config retention.ms=-1 --config retention.bytes=-1
create feature-drift --partitions 1
create features-serving --partitions "$partitions"
create features-serving-normalized --partitions "$partitions"
create features-serving-dlq --partitions 1

"$topics" --bootstrap-server "$bootstrap" --describe --topic control
"$topics" --bootstrap-server "$bootstrap" --describe --topic feature-stats
