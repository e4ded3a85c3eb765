# Shared by run.sh and test.sh: make sure Debian's packages are there, then configure and build.
# Sourced, not run.

# Every build dependency, from Debian 12's packages (nothing is downloaded at build time).
DESCENT_PACKAGES=(cmake gcc g++ make pkg-config libxsimd-dev xtl-dev libbenchmark-dev libgtest-dev libgmock-dev
                  libcli11-dev nlohmann-json3-dev libeigen3-dev libopenblas-dev python3-numpy
                  pybind11-dev python3-dev python3-pytest python3-sklearn python3-matplotlib
                  openmpi-bin libopenmpi-dev)

# Installs what is missing when run as root; otherwise prints the one command that would.
ensure_packages() {
    local missing=()
    for package in "${DESCENT_PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "descent needs these Debian packages: ${missing[*]}" >&2
        echo "install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
    echo "== installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Configures and builds into $1 (Release unless CMAKE_BUILD_TYPE says otherwise).
build_descent() {
    local build_dir=$1
    shift
    cmake -S "$DESCENT_ROOT" -B "$build_dir" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-Release}" "$@" >/dev/null
    cmake --build "$build_dir" --parallel "$(nproc)"
}

DESCENT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
