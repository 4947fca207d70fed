# The normalization job on the official Apache Flink image, started in application mode: the JobManager
# runs the job's main class from usrlib/ (see docker-compose.yml). JobManager and TaskManagers use this
# same image. Build from the repository root once cli/target/normalize.jar exists (./normalize --version
# builds it):
#   docker build -f docker/flink-job.Dockerfile -t streaming-batchnorm/flink-job:0.1.0-SNAPSHOT .
FROM flink:2.3.0-scala_2.12-java17

# The shaded jar also carries Flink's own classes; Flink loads org.apache.flink.* from its lib/ first
# (parent-first), so the image's Flink 2.3.0 is the one that runs.
COPY --chown=flink:flink cli/target/normalize.jar /opt/flink/usrlib/normalize.jar

# Checkpoint storage shared by the JobManager and the TaskManager through a volume; created here so the
# volume starts out owned by the flink user.
RUN mkdir -p /opt/flink/checkpoints
