#include "csv/byte_source.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace descent::csv {

FileSource::FileSource(const std::string& path) : ByteSource(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw std::runtime_error(path + ": cannot open the file: " + std::strerror(errno));
    struct stat status {};
    if (::fstat(fd_, &status) != 0 || !S_ISREG(status.st_mode)) {
        const std::string why = S_ISDIR(status.st_mode) ? "it is a directory" : "it is not a regular file";
        ::close(fd_);
        throw std::runtime_error(path + ": cannot read the file: " + why);
    }
    size_ = static_cast<std::uint64_t>(status.st_size);
}

FileSource::~FileSource() { ::close(fd_); }

std::string_view FileSource::read(std::uint64_t offset, std::size_t count, std::vector<char>& scratch) const {
    count = static_cast<std::size_t>(std::min<std::uint64_t>(count, offset < size_ ? size_ - offset : 0));
    if (scratch.size() < count) scratch.resize(count);
    std::size_t done = 0;
    while (done < count) {
        const ssize_t got = ::pread(fd_, scratch.data() + done, count - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) throw std::runtime_error(name() + ": read failed: " + std::strerror(errno));
        if (got == 0) throw std::runtime_error(name() + ": the file became shorter while it was read");
        done += static_cast<std::size_t>(got);
    }
    return {scratch.data(), count};
}

}  // namespace descent::csv
