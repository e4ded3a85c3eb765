// The bytes a reader parses: a file read in blocks with pread (so the file never counts
// toward the process's resident size, as a mapping of it would), or a buffer in memory.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace descent::csv {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    virtual std::uint64_t size() const = 0;
    // The bytes [offset, offset + count), clipped at the end; `scratch` holds them if needed.
    virtual std::string_view read(std::uint64_t offset, std::size_t count, std::vector<char>& scratch) const = 0;
    const std::string& name() const { return name_; }

protected:
    explicit ByteSource(std::string name) : name_(std::move(name)) {}

private:
    std::string name_;
};

class FileSource final : public ByteSource {
public:
    // Throws std::runtime_error "PATH: cannot open the file: REASON".
    explicit FileSource(const std::string& path);
    ~FileSource() override;
    FileSource(const FileSource&) = delete;
    FileSource& operator=(const FileSource&) = delete;
    std::uint64_t size() const override { return size_; }
    std::string_view read(std::uint64_t offset, std::size_t count, std::vector<char>& scratch) const override;

private:
    int fd_ = -1;
    std::uint64_t size_ = 0;
};

class MemorySource final : public ByteSource {
public:
    MemorySource(std::string_view bytes, std::string name) : ByteSource(std::move(name)), bytes_(bytes) {}
    std::uint64_t size() const override { return bytes_.size(); }
    std::string_view read(std::uint64_t offset, std::size_t count, std::vector<char>&) const override {
        return offset >= bytes_.size() ? std::string_view() : bytes_.substr(offset, count);
    }

private:
    std::string_view bytes_;
};

// The bytes of another source before `end`: a share of a file, as the planning pass sees it.
class ClippedSource final : public ByteSource {
public:
    ClippedSource(const ByteSource& base, std::uint64_t end) : ByteSource(base.name()), base_(base), end_(std::min(end, base.size())) {}
    std::uint64_t size() const override { return end_; }
    std::string_view read(std::uint64_t offset, std::size_t count, std::vector<char>& scratch) const override {
        if (offset >= end_) return {};
        return base_.read(offset, static_cast<std::size_t>(std::min<std::uint64_t>(count, end_ - offset)), scratch);
    }

private:
    const ByteSource& base_;
    std::uint64_t end_;
};

}  // namespace descent::csv
