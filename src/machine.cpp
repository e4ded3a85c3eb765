#include "descent/machine.hpp"

#include <omp.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "kernels/chunked.hpp"

namespace descent {

std::string cpu_model() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) != 0) continue;
        const auto colon = line.find(':');
        if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
    return "unknown CPU";
}

namespace {
std::string read_line(const std::filesystem::path& path) {
    std::ifstream file(path);
    std::string line;
    std::getline(file, line);
    return line;
}

// sysfs writes sizes as "48K" or "32768K" or "1M".
std::size_t parse_size(const std::string& text) {
    if (text.empty()) return 0;
    std::size_t value = std::stoull(text);
    switch (text.back()) {
        case 'K': return value << 10;
        case 'M': return value << 20;
        case 'G': return value << 30;
        default: return value;
    }
}
}  // namespace

CacheSizes cache_sizes() {
    CacheSizes sizes;
    const std::filesystem::path root = "/sys/devices/system/cpu/cpu0/cache";
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(root, error)) {
        if (entry.path().filename().string().rfind("index", 0) != 0) continue;
        const std::string level = read_line(entry.path() / "level");
        const std::string type = read_line(entry.path() / "type");
        const std::size_t size = parse_size(read_line(entry.path() / "size"));
        if (level == "1" && type == "Data") sizes.l1d = size;
        if (level == "2") sizes.l2 = size;
        if (level == "3") sizes.l3 = size;
    }
    return sizes;
}

int openmp_threads() { return omp_get_max_threads(); }

int threads_for_rows(std::size_t n) {
    const std::size_t chunks = chunk_count(n);
    return chunks <= 1 ? 1 : detail::team_size(chunks);
}

}  // namespace descent
