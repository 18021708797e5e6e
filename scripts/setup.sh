#!/usr/bin/env bash
# Installs everything kfk needs on a Debian/Ubuntu machine. Idempotent; fast when warm.
#
#   scripts/setup.sh                 apt packages + librdkafka (>= 2.11.1, with ssl, sasl_plain,
#                                    sasl_scram, sasl_oauthbearer and oidc) + Kafka broker jars
#   scripts/setup.sh --no-apt        skip the apt packages step
#   scripts/setup.sh --print-prefix  print the librdkafka prefix for -DCMAKE_PREFIX_PATH
#                                    (empty line when the system librdkafka is new enough)
#
# Per-user cache, outside the repo:
#   KFK_CACHE=${KFK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kfk}
#     librdkafka/<version>/   librdkafka built from Debian unstable's upstream tarball
#     librdkafka/current      -> librdkafka/<version>
#     librdkafka/.features-*  builtin.features of a librdkafka (keyed by its file and mtime)
#     kafka/<kafka version>/libs/   broker + tools jars (integration/harness/kafka.sh)
#     apt/                    private apt sources/lists used only to fetch the source
#
# Optional overrides: KFK_APT_URI, KFK_APT_SUITE (default sid), KFK_APT_KEYRING,
# KFK_JOBS (parallel make jobs).
set -euo pipefail

readonly KFK_KAFKA_VERSION=4.3.1
readonly RDKAFKA_MIN=2.11.1
readonly APT_PACKAGES=(
  build-essential cmake pkg-config g++
  libcli11-dev nlohmann-json3-dev rapidjson-dev libyaml-cpp-dev doctest-dev clang-format kcat
  libssl-dev libsasl2-dev zlib1g-dev libzstd-dev liblz4-dev libcurl4-openssl-dev openssl
  maven dpkg-dev python3 valgrind jq
)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KFK_CACHE="${KFK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kfk}"
RDK_ROOT="$KFK_CACHE/librdkafka"
KAFKA_LIBS="$KFK_CACHE/kafka/$KFK_KAFKA_VERSION/libs"
POM="$REPO_ROOT/integration/harness/pom.xml"

do_apt=1
print_prefix=0
for arg in "$@"; do
  case "$arg" in
    --no-apt) do_apt=0 ;;
    --print-prefix) print_prefix=1 ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "setup.sh: unknown argument: $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

log() { echo "setup: $*" >&2; }
die() {
  echo "setup: ERROR: $*" >&2
  exit 1
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }

# version_ge A B: true when version A >= version B.
version_ge() {
  if command -v dpkg >/dev/null 2>&1; then
    dpkg --compare-versions "$1" ge "$2"
  else
    [ "$(printf '%s\n%s\n' "$1" "$2" | sort -V | head -n1)" = "$2" ]
  fi
}

as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root for: $* (install sudo or run as root, or use --no-apt)"
  fi
}

system_rdkafka_version() {
  # Deliberately ignores PKG_CONFIG_PATH so a cache prefix exported by the
  # caller is not mistaken for the system library.
  PKG_CONFIG_PATH= pkg-config --modversion rdkafka 2>/dev/null || true
}

cached_rdkafka_version() {
  local pc="$RDK_ROOT/current/lib/pkgconfig/rdkafka.pc"
  [ -f "$pc" ] || return 0
  sed -n 's/^Version:[[:space:]]*//p' "$pc" | head -n1
}

# Prints the prefix for CMAKE_PREFIX_PATH: empty for the system library.
# Returns 1 when no usable librdkafka is installed yet.
rdkafka_prefix() {
  local v
  v="$(system_rdkafka_version)"
  if [ -n "$v" ] && version_ge "$v" "$RDKAFKA_MIN"; then
    echo ""
    return 0
  fi
  v="$(cached_rdkafka_version)"
  if [ -n "$v" ] && version_ge "$v" "$RDKAFKA_MIN"; then
    readlink -f "$RDK_ROOT/current"
    return 0
  fi
  return 1
}

if [ "$print_prefix" -eq 1 ]; then
  if ! rdkafka_prefix; then
    echo "setup.sh: no librdkafka >= $RDKAFKA_MIN found; run scripts/setup.sh first" >&2
    exit 1
  fi
  exit 0
fi

summary=()

# ---------------------------------------------------------------- apt packages
step_apt() {
  local t0 missing=() p
  t0="$(now)"
  local pkgs=("${APT_PACKAGES[@]}")
  if ! command -v java >/dev/null 2>&1; then
    pkgs+=(default-jre-headless)
  fi
  for p in "${pkgs[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
      missing+=("$p")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    summary+=("apt: all ${#pkgs[@]} packages present ($(elapsed "$t0"))")
    return 0
  fi
  log "apt: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  summary+=("apt: installed ${#missing[@]} package(s) ($(elapsed "$t0"))")
}

check_java() {
  command -v java >/dev/null 2>&1 || die "java not found (install a JRE >= 17, e.g. openjdk-17-jre-headless)"
  local jv
  jv="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^[[:space:]]*java.specification.version = //p')"
  case "$jv" in
    1.* | 9 | 1[0-6]) die "java $jv found; Kafka 4.x needs Java >= 17 (install openjdk-17-jre-headless or newer)" ;;
  esac
}

# ------------------------------------------------------- librdkafka from source
# Reads the archive URI and keyring of the machine's main (non-security) apt
# source. Prints "URI<TAB>KEYRING" (KEYRING may be empty).
detect_apt_source() {
  local f
  shopt -s nullglob
  local deb822=(/etc/apt/sources.list.d/*.sources)
  local oneline=(/etc/apt/sources.list /etc/apt/sources.list.d/*.list)
  shopt -u nullglob
  if [ "${#deb822[@]}" -gt 0 ]; then
    local found
    # Stanzas are separated by blank lines; continuation lines start with a space.
    found="$(awk -v keyout="$KFK_CACHE/apt/inline-keyring.asc" '
      function flush() {
        if (uris != "" && types ~ /(^| )deb( |$)/ && main && !done) {
          split(uris, u, " ")
          if (u[1] !~ /security/) {
            if (signed ~ /^\//) key = signed
            else if (inline != "") { printf "%s", inline > keyout; close(keyout); key = keyout }
            print u[1] "\t" key; done = 1
          }
        }
        types = ""; uris = ""; signed = ""; inline = ""; main = 0; field = ""
      }
      /^#/ { next }
      /^[[:space:]]*$/ { flush(); next }
      /^[ \t]/ {
        if (field == "signed-by") { line = $0; sub(/^[ \t]/, "", line); if (line == ".") line = ""; inline = inline line "\n" }
        next
      }
      {
        field = tolower($0); sub(/:.*/, "", field)
        val = $0; sub(/^[^:]*:[ \t]*/, "", val)
        if (field == "types") types = val
        else if (field == "uris") uris = val
        else if (field == "signed-by") { signed = val; if (val !~ /^\//) inline = (val == "" ? "" : val "\n") }
        else if (field == "suites") {
          n = split(val, s, " ")
          for (i = 1; i <= n; i++) if (s[i] !~ /-/ && s[i] !~ /\//) main = 1
        }
      }
      END { flush() }
    ' "${deb822[@]}" | head -n1)"
    if [ -n "$found" ]; then
      echo "$found"
      return 0
    fi
  fi
  for f in "${oneline[@]}"; do
    [ -f "$f" ] || continue
    # deb [opts] URI suite components...
    awk '
      $1 == "deb" {
        opts = ""; i = 2
        if ($2 ~ /^\[/) { while (i <= NF) { opts = opts " " $i; if ($i ~ /\]$/) { i++; break } i++ } }
        uri = $i; suite = $(i + 1)
        if (suite ~ /-/ || uri ~ /security/) next
        key = ""
        if (match(opts, /signed-by=[^] ]+/)) key = substr(opts, RSTART + 10, RLENGTH - 10)
        print uri "\t" key; exit
      }
    ' "$f"
  done | head -n1
}

build_rdkafka() {
  local t0 uri key suite components distro missing_pkgs
  t0="$(now)"
  missing_pkgs="$(missing_feature_packages)"
  [ -z "$missing_pkgs" ] ||
    die "building librdkafka needs $missing_pkgs (without them its configure silently leaves out" \
      "TLS, SCRAM, OAUTHBEARER or OIDC): apt-get install $missing_pkgs, or run without --no-apt"
  mkdir -p "$KFK_CACHE/apt/parts" "$KFK_CACHE/apt/lists/partial" "$KFK_CACHE/apt/cache/archives/partial" \
    "$KFK_CACHE/apt/prefs"
  distro="$(. /etc/os-release 2>/dev/null && echo "${ID:-debian}")"
  local detected=""
  if [ -z "${KFK_APT_URI:-}" ]; then
    detected="$(detect_apt_source || true)"
    [ -n "$detected" ] || die "could not find the main archive in /etc/apt/sources.list(.d); set KFK_APT_URI"
  fi
  uri="${KFK_APT_URI:-${detected%%$'\t'*}}"
  key="${KFK_APT_KEYRING:-${detected#*$'\t'}}"
  [ "$key" != "$detected" ] || key=""
  if [ "$distro" = ubuntu ]; then
    suite="${KFK_APT_SUITE:-devel}"
    components="main universe"
  else
    suite="${KFK_APT_SUITE:-sid}"
    components="main"
  fi
  local opt=""
  [ -z "$key" ] || opt="[signed-by=$key] "
  printf 'deb-src %s%s %s %s\n' "$opt" "$uri" "$suite" "$components" >"$KFK_CACHE/apt/sources.list"

  local apt_opts=(
    -o "Dir::Etc::SourceList=$KFK_CACHE/apt/sources.list"
    -o "Dir::Etc::SourceParts=$KFK_CACHE/apt/parts"
    -o "Dir::Etc::Preferences=$KFK_CACHE/apt/prefs/none"
    -o "Dir::Etc::PreferencesParts=$KFK_CACHE/apt/prefs"
    -o "Dir::State::Lists=$KFK_CACHE/apt/lists"
    -o "Dir::Cache=$KFK_CACHE/apt/cache"
    -o "Debug::NoLocking=1"
    -o "APT::Sandbox::User=$(id -un)"
    -o "Acquire::Languages=none"
  )
  log "librdkafka: fetching source package list ($suite) into $KFK_CACHE/apt"
  apt-get -qq "${apt_opts[@]}" update >"$KFK_CACHE/apt/update.log" 2>&1 ||
    {
      cat "$KFK_CACHE/apt/update.log" >&2
      die "private apt-get update failed"
    }
  local t_update
  t_update="$(elapsed "$t0")"

  local work="$KFK_CACHE/librdkafka/.work"
  rm -rf "$work"
  mkdir -p "$work/dl" "$work/src"
  (cd "$work/dl" && apt-get -qq "${apt_opts[@]}" source --download-only librdkafka) >"$work/source.log" 2>&1 ||
    {
      cat "$work/source.log" >&2
      die "apt-get source --download-only librdkafka failed"
    }
  local dsc orig deb_version version
  dsc="$(ls "$work"/dl/librdkafka_*.dsc | head -n1)"
  deb_version="$(sed -n 's/^Version:[[:space:]]*//p' "$dsc" | head -n1)"
  version="${deb_version#*:}"
  version="${version%-*}"
  orig="$(ls "$work"/dl/librdkafka_*.orig.tar.* | head -n1)"
  [ -f "$orig" ] || die "no upstream tarball in $work/dl"
  version_ge "$version" "$RDKAFKA_MIN" ||
    die "$suite carries librdkafka $deb_version, older than $RDKAFKA_MIN"
  log "librdkafka: building $version (Debian $deb_version, upstream tarball, Debian patches not applied)"

  # Debian's patches switch to external nanopb/cJSON; the upstream tarball
  # builds as is, so it is unpacked directly instead of 'apt-get source'.
  tar -xf "$orig" -C "$work/src"
  local srcdir="$work/src"
  if [ "$(ls -A "$srcdir" | wc -l)" -eq 1 ] && [ -d "$srcdir/$(ls -A "$srcdir")" ]; then
    srcdir="$srcdir/$(ls -A "$srcdir")"
  fi
  local final="$RDK_ROOT/$version"
  local tmp_prefix="$RDK_ROOT/.tmp-$version-$$"
  rm -rf "$tmp_prefix"
  local jobs="${KFK_JOBS:-$(nproc 2>/dev/null || echo 2)}"
  # The prefix baked into rdkafka.pc must be the final path, so configure with
  # the final prefix and stage the install with DESTDIR, then move into place.
  (
    cd "$srcdir"
    ./configure --prefix="$final" >"$work/configure.log" 2>&1
    make -j"$jobs" libs >"$work/make.log" 2>&1
    make install DESTDIR="$tmp_prefix" >"$work/install.log" 2>&1
  ) || {
    tail -n 40 "$work"/*.log >&2
    rm -rf "$tmp_prefix"
    die "librdkafka build failed (logs in $work)"
  }
  [ -f "$tmp_prefix$final/lib/pkgconfig/rdkafka.pc" ] || die "librdkafka install produced no rdkafka.pc"
  rm -rf "$final"
  mv "$tmp_prefix$final" "$final"
  rm -rf "$tmp_prefix"
  ln -sfn "$version" "$RDK_ROOT/current.tmp"
  mv -T "$RDK_ROOT/current.tmp" "$RDK_ROOT/current"
  rm -rf "$work"
  summary+=("librdkafka: built $(cached_rdkafka_version) into $final (apt update $t_update, total $(elapsed "$t0"))")
}

step_rdkafka() {
  local t0 v
  t0="$(now)"
  v="$(system_rdkafka_version)"
  if [ -n "$v" ] && version_ge "$v" "$RDKAFKA_MIN"; then
    summary+=("librdkafka: system $v ($(elapsed "$t0"))")
    return 0
  fi
  v="$(cached_rdkafka_version)"
  if [ -n "$v" ] && version_ge "$v" "$RDKAFKA_MIN"; then
    summary+=("librdkafka: cached $v at $(readlink -f "$RDK_ROOT/current") ($(elapsed "$t0"))")
    return 0
  fi
  build_rdkafka
}

# ------------------------------------------- librdkafka's security features
# librdkafka's configure silently leaves out what a missing -dev package would provide, and
# kfk's secured-cluster support (and its tests) need these:
readonly RDKAFKA_FEATURES=(ssl sasl_plain sasl_scram sasl_oauthbearer oidc)
# The Debian packages a librdkafka build needs for them (sasl_plain has no dependency;
# libsasl2-dev adds GSSAPI, which the feature list reports as sasl_gssapi).
readonly RDKAFKA_FEATURE_PACKAGES=(libssl-dev libsasl2-dev libcurl4-openssl-dev)
feature_packages() {
  case "$1" in
    ssl | sasl_scram | sasl_oauthbearer) echo libssl-dev ;;
    oidc) echo "libcurl4-openssl-dev libssl-dev" ;;
    *) echo "none (built into every librdkafka with SASL)" ;;
  esac
}

missing_feature_packages() {
  local p out=()
  command -v dpkg-query >/dev/null 2>&1 || return 0  # not Debian: cannot tell
  for p in "${RDKAFKA_FEATURE_PACKAGES[@]}"; do
    if [ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" != "install ok installed" ]; then
      out+=("$p")
    fi
  done
  echo "${out[*]}"
}

# Prints "VERSION FEATURES" of the librdkafka in PREFIX ("" = the system's): a tiny C program
# compiled against it asks rd_kafka_conf_get("builtin.features"). The answer is cached per
# library file (path, size, mtime), so a warm run costs one stat.
rdkafka_features() {
  local prefix="$1" pcpath="" libdir lib key cache probe
  [ -z "$prefix" ] || pcpath="$prefix/lib/pkgconfig"
  libdir="$(PKG_CONFIG_PATH="$pcpath" pkg-config --variable=libdir rdkafka 2>/dev/null || true)"
  lib="$(readlink -f "$libdir/librdkafka.so" 2>/dev/null || true)"
  [ -f "$lib" ] || die "librdkafka.so not found in '$libdir' (prefix '${prefix:-system}')"
  key="$(stat -c '%n %s %Y' "$lib" | sha256sum | cut -c1-16)"
  cache="$RDK_ROOT/.features-$key"
  if [ -s "$cache" ]; then
    cat "$cache"
    return 0
  fi
  mkdir -p "$RDK_ROOT"
  probe="$RDK_ROOT/.features-probe.$$"
  # shellcheck disable=SC2046  # pkg-config's output is word-split on purpose
  if ! cc -x c - -o "$probe" $(PKG_CONFIG_PATH="$pcpath" pkg-config --cflags --libs rdkafka) \
    "-Wl,-rpath,$libdir" >"$probe.log" 2>&1 <<'C'; then
#include <librdkafka/rdkafka.h>
#include <stdio.h>
int main(void) {
    char features[1024];
    size_t size = sizeof features;
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    if (rd_kafka_conf_get(conf, "builtin.features", features, &size) != RD_KAFKA_CONF_OK) return 1;
    printf("%s %s\n", rd_kafka_version_str(), features);
    rd_kafka_conf_destroy(conf);
    return 0;
}
C
    cat "$probe.log" >&2
    rm -f "$probe" "$probe.log"
    die "could not compile a program against librdkafka (prefix '${prefix:-system}') to read its builtin.features"
  fi
  if ! "$probe" >"$cache.tmp" 2>"$probe.log"; then
    cat "$probe.log" >&2
    rm -f "$probe" "$probe.log" "$cache.tmp"
    die "the builtin.features probe against $lib failed"
  fi
  rm -f "$probe" "$probe.log"
  mv "$cache.tmp" "$cache"
  cat "$cache"
}

# Lists the features of RDKAFKA_FEATURES that "VERSION FEATURES" lacks.
lacking_features() {
  local have="${1#* }" f out=()
  for f in "${RDKAFKA_FEATURES[@]}"; do
    [[ ",$have," == *",$f,"* ]] || out+=("$f")
  done
  echo "${out[*]}"
}

step_rdkafka_features() {
  local t0 prefix answer lacking f missing_pkgs
  t0="$(now)"
  prefix="$(rdkafka_prefix)" || die "no librdkafka >= $RDKAFKA_MIN after the librdkafka step"
  answer="$(rdkafka_features "$prefix")"
  lacking="$(lacking_features "$answer")"
  if [ -n "$lacking" ] && [ -n "$prefix" ] && [ -z "$(missing_feature_packages)" ]; then
    # Built here before the -dev packages were installed: build it again, now with them.
    log "librdkafka at $prefix lacks $lacking; the -dev packages are present now: rebuilding"
    build_rdkafka
    prefix="$(rdkafka_prefix)"
    answer="$(rdkafka_features "$prefix")"
    lacking="$(lacking_features "$answer")"
  fi
  if [ -n "$lacking" ]; then
    echo "setup: ERROR: librdkafka ${answer%% *} at ${prefix:-the system prefix} lacks builtin.features:" >&2
    for f in $lacking; do echo "setup:   $f (needs: $(feature_packages "$f"))" >&2; done
    echo "setup: its builtin.features: ${answer#* }" >&2
    missing_pkgs="$(missing_feature_packages)"
    if [ -n "$missing_pkgs" ]; then
      echo "setup: missing -dev packages: $missing_pkgs (apt-get install $missing_pkgs, or run" \
        "scripts/setup.sh without --no-apt); setup.sh then rebuilds librdkafka with them" >&2
    elif [ -z "$prefix" ]; then
      echo "setup: this is the system's librdkafka: install one built with those features" >&2
    fi
    die "librdkafka lacks $lacking"
  fi
  summary+=("librdkafka features: ${RDKAFKA_FEATURES[*]} present ($(elapsed "$t0"))")
}

# ------------------------------------------------------------ Kafka broker jars
step_kafka_jars() {
  local t0 pom_sum
  t0="$(now)"
  [ -f "$POM" ] || die "missing $POM"
  pom_sum="$(sha256sum "$POM" | cut -d' ' -f1)"
  if [ -f "$KAFKA_LIBS/.pom.sha256" ] && [ "$(cat "$KAFKA_LIBS/.pom.sha256")" = "$pom_sum" ]; then
    summary+=("kafka $KFK_KAFKA_VERSION jars: cached, $(ls "$KAFKA_LIBS"/*.jar | wc -l) jars ($(elapsed "$t0"))")
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found (install maven, or run without --no-apt)"
  local parent tmp
  parent="$(dirname "$KAFKA_LIBS")"
  mkdir -p "$parent"
  tmp="$(mktemp -d "$parent/.libs-tmp.XXXXXX")"
  log "kafka: resolving Kafka $KFK_KAFKA_VERSION broker/tool jars with Maven"
  if ! mvn -q -B -Dstyle.color=never -f "$POM" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$tmp" >"$parent/mvn.log" 2>&1; then
    cat "$parent/mvn.log" >&2
    rm -rf "$tmp"
    die "maven could not resolve the Kafka jars (see above)"
  fi
  ls "$tmp"/slf4j-api-1.*.jar "$tmp"/log4j-slf4j-impl-*.jar "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1 ||
    die "resolved jars lack slf4j-api 1.x / log4j-slf4j-impl / kafka_2.13"
  echo "$pom_sum" >"$tmp/.pom.sha256"
  rm -rf "$KAFKA_LIBS"
  mv "$tmp" "$KAFKA_LIBS"
  summary+=("kafka $KFK_KAFKA_VERSION jars: resolved $(ls "$KAFKA_LIBS"/*.jar | wc -l) jars into $KAFKA_LIBS ($(elapsed "$t0"))")
}

T_ALL="$(now)"
if [ "$do_apt" -eq 1 ]; then
  step_apt
else
  summary+=("apt: skipped (--no-apt)")
fi
check_java
mkdir -p "$KFK_CACHE"
# One setup at a time per cache (two checkouts, or CI next to a developer).
if command -v flock >/dev/null 2>&1; then
  exec 8>"$KFK_CACHE/.setup.lock"
  flock -w 1800 8 || die "another scripts/setup.sh holds $KFK_CACHE/.setup.lock"
fi
step_rdkafka
step_rdkafka_features
step_kafka_jars

prefix="$(rdkafka_prefix)"
echo "setup: done in $(elapsed "$T_ALL"): $(IFS=';'; echo "${summary[*]}" | sed 's/;/; /g')"
if [ -n "$prefix" ]; then
  echo "setup: configure with: cmake -DCMAKE_PREFIX_PATH=$prefix ...  (or: -DCMAKE_PREFIX_PATH=\"\$(scripts/setup.sh --print-prefix)\")"
fi
