#!/usr/bin/env bash
# Installs RabbitMQ PerfTest (com.rabbitmq:perf-test on Maven Central) at the version the cluster
# Job's image pins (pivotalrabbitmq/perf-test:<same version>, benchmarks/messaging/perfTestJobScript.ts),
# so the local runs and the Job run the same PerfTest. Its runtime classpath comes from Maven
# Central through a generated pom and `mvn dependency:copy-dependencies` (with strict checksums);
# PerfTest's own jar is also checked against Maven Central's .sha1 by this script.
#   cache:  ${LAB_TOOLS_CACHE:-$HOME/.cache/platform-lab}/perf-test-<version>/lib/*.jar
#   run:    ${LAB_TOOLS_CACHE:-$HOME/.cache/platform-lab}/perf-test-<version>/bin/perf-test [args]
#           (java -cp 'lib/*' com.rabbitmq.perf.PerfTest)
# Idempotent: a complete cache (stamp file written last) is reused and nothing is downloaded.
# Needs java (17+) and mvn (3.8+) on PATH.
set -euo pipefail

PERF_TEST_VERSION="2.22.1"
# maven-dependency-plugin pinned: an unpinned goal prefix resolves whatever is newest.
DEPENDENCY_PLUGIN_VERSION="3.8.1"
CENTRAL="https://repo1.maven.org/maven2"

CACHE_ROOT="${LAB_TOOLS_CACHE:-$HOME/.cache/platform-lab}"
DIR="$CACHE_ROOT/perf-test-$PERF_TEST_VERSION"
STAMP="$DIR/.installed"
JAR="perf-test-$PERF_TEST_VERSION.jar"

if [ -f "$STAMP" ] && [ -f "$DIR/lib/$JAR" ] && [ -x "$DIR/bin/perf-test" ]; then
  echo "perf-test $PERF_TEST_VERSION: cached in $DIR ($(ls "$DIR/lib" | wc -l) jars)"
  exit 0
fi

for tool in java mvn curl sha1sum; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-perf-test: $tool not found on PATH" >&2; exit 1; }
done

start=$SECONDS
rm -rf "$DIR"
mkdir -p "$DIR/lib" "$DIR/bin"
work=$(mktemp -d "${TMPDIR:-/tmp}/perf-test-pom.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat > "$work/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>platform-lab</groupId>
  <artifactId>perf-test-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>com.rabbitmq</groupId>
      <artifactId>perf-test</artifactId>
      <version>$PERF_TEST_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF

echo "perf-test $PERF_TEST_VERSION: resolving its runtime classpath from Maven Central"
mvn -B -q --strict-checksums -Dstyle.color=never -f "$work/pom.xml" \
  "org.apache.maven.plugins:maven-dependency-plugin:$DEPENDENCY_PLUGIN_VERSION:copy-dependencies" \
  -DincludeScope=runtime -DoutputDirectory="$DIR/lib" > "$work/mvn.log" 2>&1 \
  || { cat "$work/mvn.log" >&2; echo "install-perf-test: mvn could not resolve com.rabbitmq:perf-test:$PERF_TEST_VERSION" >&2; rm -rf "$DIR"; exit 1; }

# The jar mvn copied, against the checksum Maven Central publishes beside it.
expected=$(curl -fsS "$CENTRAL/com/rabbitmq/perf-test/$PERF_TEST_VERSION/$JAR.sha1" | awk '{print $1}')
actual=$(sha1sum "$DIR/lib/$JAR" | awk '{print $1}')
if [ "$expected" != "$actual" ]; then
  echo "install-perf-test: $JAR sha1 $actual, Maven Central says $expected" >&2
  rm -rf "$DIR"
  exit 1
fi
echo "  $JAR sha1 $actual matches Maven Central"

cat > "$DIR/bin/perf-test" <<'EOF'
#!/bin/sh
# RabbitMQ PerfTest from its Maven Central classpath (scripts/install-perf-test.sh).
here=$(cd "$(dirname "$0")/.." && pwd)
exec java ${PERF_TEST_JAVA_OPTS:-} -cp "$here/lib/*" com.rabbitmq.perf.PerfTest "$@"
EOF
chmod 755 "$DIR/bin/perf-test"

version_line=$("$DIR/bin/perf-test" --version 2>&1 | head -1 | sed "s/$(printf "\033")\\[[0-9;]*m//g")
case "$version_line" in
  *"$PERF_TEST_VERSION"*) echo "  $version_line" ;;
  *) echo "install-perf-test: --version printed '$version_line', expected $PERF_TEST_VERSION" >&2; rm -rf "$DIR"; exit 1 ;;
esac

echo "$PERF_TEST_VERSION" > "$STAMP"
echo "perf-test $PERF_TEST_VERSION: installed in $DIR ($(ls "$DIR/lib" | wc -l) jars) in $((SECONDS - start)) s"
