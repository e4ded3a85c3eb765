// An output file written under a temporary name beside its destination and renamed over it
// only when complete: a run that fails (bad input, a full disk, Ctrl-C) leaves the previous
// file, or none, never half of one.
#pragma once

#include <fstream>
#include <string>

namespace descent::cli {

class AtomicFile {
public:
    // Throws std::runtime_error when the directory cannot take a new file.
    explicit AtomicFile(std::string path);
    ~AtomicFile();  // removes the temporary file unless commit() ran
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ostream& stream() { return stream_; }
    // Flushes, closes and renames; throws std::runtime_error naming the file if any step failed.
    void commit();

private:
    std::string path_, temporary_;
    std::ofstream stream_;
    bool committed_ = false;
};

}  // namespace descent::cli
