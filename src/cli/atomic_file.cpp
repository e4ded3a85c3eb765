#include "atomic_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace descent::cli {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
    std::string pattern = path_ + ".tmp-XXXXXX";
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkstemp(name.data());
    if (fd < 0) throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
    ::close(fd);
    temporary_ = name.data();
    stream_.open(temporary_, std::ios::binary | std::ios::trunc);
    if (!stream_) {
        std::remove(temporary_.c_str());
        throw std::runtime_error("cannot write " + path_);
    }
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        stream_.close();
        std::remove(temporary_.c_str());
    }
}

void AtomicFile::commit() {
    stream_.flush();
    const bool written = static_cast<bool>(stream_);
    stream_.close();
    if (!written || stream_.fail()) throw std::runtime_error("writing " + path_ + " failed (is the disk full?)");
    if (std::rename(temporary_.c_str(), path_.c_str()) != 0)
        throw std::runtime_error("cannot rename " + temporary_ + " to " + path_ + ": " + std::strerror(errno));
    committed_ = true;
}

}  // namespace descent::cli
