#!/usr/bin/env bash
# Installs Apache Kafka's broker and its own benchmark tools from Maven Central, for the local
# phase-08 runs (`lab bench --local messaging`, test/messaging/kafka.real.test.ts). The cluster
# Jobs run the same tools from the official image apache/kafka:<version>; the version here is the
# same one (benchmarks/messaging/kafkaJobScript.ts kafkaToolsVersion), and the same one Strimzi
# runs the brokers at (components/messaging/StrimziKafka.ts kafkaVersion).
#
# What it does, idempotently:
#   - resolves org.apache.kafka:kafka_2.13 (the broker, kafka.Kafka and kafka.tools.StorageTool) and
#     org.apache.kafka:kafka-tools (ProducerPerformance, ConsumerPerformance, EndToEndLatency,
#     TopicCommand) with Maven, --strict-checksums (Maven Central's .sha1 of every jar checked),
#     and copies the runtime classpath into <cache>/libs;
#   - writes <cache>/bin/ with the launchers the image has in /opt/kafka/bin, under the same
#     names (kafka-producer-perf-test.sh, kafka-consumer-perf-test.sh, kafka-e2e-latency.sh,
#     kafka-topics.sh, kafka-storage.sh, kafka-server-start.sh), so the Job's script runs here
#     unchanged with KAFKA_BIN=<cache>/bin.
# Needs java (17+) and mvn on PATH. The cache: ${LAB_TOOLS_CACHE:-$HOME/.cache/platform-lab}/kafka-<version>.
set -euo pipefail

KAFKA_VERSION="4.3.1"
SCALA_BINARY="2.13"
# ProducerPerformance and friends log through SLF4J 1.7 (kafka-clients' API); slf4j-simple on
# stderr at WARN stands in for the image's log4j2 tools config (also WARN, also stderr).
SLF4J_VERSION="1.7.36"
DEPENDENCY_PLUGIN="org.apache.maven.plugins:maven-dependency-plugin:3.8.1"

cache_root="${LAB_TOOLS_CACHE:-$HOME/.cache/platform-lab}"
dest="$cache_root/kafka-$KAFKA_VERSION"
marker="$dest/.installed"

for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-kafka: $tool not found on PATH (Debian: openjdk-17-jre-headless, maven)" >&2; exit 1; }
done

if [ -f "$marker" ] && [ "$(cat "$marker")" = "$KAFKA_VERSION" ] && [ -f "$dest/libs/kafka_$SCALA_BINARY-$KAFKA_VERSION.jar" ] && [ -f "$dest/libs/kafka-tools-$KAFKA_VERSION.jar" ]; then
  echo "kafka $KAFKA_VERSION: already installed in $dest"
  exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>platform-lab</groupId>
  <artifactId>kafka-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_$SCALA_BINARY</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-simple</artifactId><version>$SLF4J_VERSION</version></dependency>
  </dependencies>
</project>
EOF

echo "kafka $KAFKA_VERSION: resolving kafka_$SCALA_BINARY and kafka-tools from Maven Central (checksums strict)"
rm -rf "$dest"
mkdir -p "$dest/libs" "$dest/bin"
mvn -B -q -Dstyle.color=never --strict-checksums -f "$work/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
  -DincludeScope=runtime -DoutputDirectory="$dest/libs"

# The launchers: the image's bin/*.sh names, the same main classes its kafka-run-class.sh runs.
launcher() {
  local name="$1" main="$2" heap="$3" log_level="$4"
  cat >"$dest/bin/$name" <<EOF
#!/bin/sh
# Written by scripts/install-kafka.sh: /opt/kafka/bin/$name of apache/kafka:$KAFKA_VERSION runs $main.
exec java \${KAFKA_HEAP_OPTS:-$heap} -XX:+UseG1GC -Djava.awt.headless=true \\
  -Dorg.slf4j.simpleLogger.logFile=System.err -Dorg.slf4j.simpleLogger.defaultLogLevel=\${LAB_KAFKA_LOG_LEVEL:-$log_level} \\
  -cp "$dest/libs/*" $main "\$@"
EOF
  chmod +x "$dest/bin/$name"
}
launcher kafka-producer-perf-test.sh org.apache.kafka.tools.ProducerPerformance "-Xmx512M" warn
launcher kafka-consumer-perf-test.sh org.apache.kafka.tools.ConsumerPerformance "-Xmx512M" warn
launcher kafka-e2e-latency.sh org.apache.kafka.tools.EndToEndLatency "-Xmx512M" warn
launcher kafka-topics.sh org.apache.kafka.tools.TopicCommand "-Xmx256M" warn
launcher kafka-storage.sh kafka.tools.StorageTool "-Xmx256M" warn
launcher kafka-server-start.sh kafka.Kafka "-Xmx1G -Xms1G" info

echo "$KAFKA_VERSION" >"$marker"
echo "kafka $KAFKA_VERSION: $(ls "$dest/libs" | wc -l) jars in $dest/libs, launchers in $dest/bin"
