# The normalization job on the official Apache Flink image, started in application mode: the JobManager
# runs the job jar's main class from usrlib/ (see docker-compose.yml). JobManager and TaskManagers use this
# same image; the Flink Kubernetes Operator runs it too (deploy/kubernetes/flinkdeployment.yaml). Build from
# the repository root once the job jar exists (mvn -B -pl flink-job -am package -DskipTests builds it):
#   docker build -f docker/flink-job.Dockerfile -t streaming-batchnorm/flink-job:0.1.0-SNAPSHOT .
FROM flink:2.3.0-scala_2.12-java17

# The thin job jar: the job, the Kafka connector and clients, Avro; Flink itself is the image's.
COPY --chown=flink:flink flink-job/target/streaming-batchnorm-job-*.jar /opt/flink/usrlib/streaming-batchnorm-job.jar

# Checkpoint storage shared by the JobManager and the TaskManager through a volume; created here so the
# volume starts out owned by the flink user.
RUN mkdir -p /opt/flink/checkpoints
