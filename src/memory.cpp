#include "descent/memory.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <stdexcept>

namespace descent {

namespace {

// The first number in a file like /sys/fs/cgroup/memory.max ("max" reads as none).
bool read_number(const char* path, std::uint64_t& value) {
    std::ifstream file(path);
    std::string text;
    if (!(file >> text) || text == "max") return false;
    try {
        value = std::stoull(text);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool mem_available(std::uint64_t& bytes) {
    std::ifstream meminfo("/proc/meminfo");
    std::string key, unit;
    std::uint64_t kib = 0;
    while (meminfo >> key >> kib >> unit)
        if (key == "MemAvailable:") {
            bytes = kib * 1024;
            return true;
        }
    return false;
}

}  // namespace

AvailableMemory available_memory() {
    AvailableMemory memory;
    if (mem_available(memory.bytes)) {
        memory.source = "MemAvailable in /proc/meminfo";
    } else {
        const long pages = sysconf(_SC_AVPHYS_PAGES), page = sysconf(_SC_PAGESIZE);
        memory.bytes = pages > 0 && page > 0 ? static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page)
                                             : std::numeric_limits<std::uint64_t>::max();
        memory.source = "free physical pages";
    }
    std::uint64_t limit = 0, used = 0;
    if (read_number("/sys/fs/cgroup/memory.max", limit) && read_number("/sys/fs/cgroup/memory.current", used)) {
        const std::uint64_t room = limit > used ? limit - used : 0;
        if (room < memory.bytes) memory = {room, "the cgroup's memory.max less memory.current"};
    }
    return memory;
}

std::string format_bytes(std::uint64_t bytes) {
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = static_cast<double>(bytes);
    int unit = 0;
    while (value >= 1024 && unit < 6) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.3g %s", value, units[unit]);
    return text;
}

std::uint64_t table_bytes(std::uint64_t rows, std::uint64_t columns, std::uint64_t element_bytes) {
    constexpr std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
    if (columns != 0 && rows > most / columns) return most;
    const std::uint64_t cells = rows * columns;
    return element_bytes != 0 && cells > most / element_bytes ? most : cells * element_bytes;
}

void require_memory(std::uint64_t bytes, const std::string& what, const std::string& how) {
    constexpr std::uint64_t always_there = std::uint64_t{16} << 20;  // not worth reading /proc for
    if (bytes <= always_there) return;
    const AvailableMemory memory = available_memory();
    if (bytes <= memory.bytes) return;
    throw std::length_error(what + " needs " + format_bytes(bytes) + " (" + how + "), but this machine has " +
                            format_bytes(memory.bytes) + " available (" + memory.source + ")");
}

}  // namespace descent
