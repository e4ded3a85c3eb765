#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace descent::cli {

bool ProgressLine::wanted_by_default() { return ::isatty(STDERR_FILENO) == 1; }

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled), terminal_(::isatty(STDERR_FILENO) == 1) {}

ProgressLine::~ProgressLine() {
    if (enabled_ && terminal_ && shown_) std::fputc('\n', stderr);
}

void ProgressLine::show(const std::string& text, bool force) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const auto interval = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(5000);
    if (!force && shown_ && now - last_ < interval) return;
    if (terminal_) {
        // Spaces cover what is left of a longer previous line.
        const std::size_t pad = last_width_ > text.size() ? last_width_ - text.size() : 0;
        std::fprintf(stderr, "\r%s%*s", text.c_str(), static_cast<int>(pad), "");
        last_width_ = text.size();
    } else {
        std::fprintf(stderr, "%s\n", text.c_str());
    }
    std::fflush(stderr);
    shown_ = true;
    last_ = now;
}

}  // namespace descent::cli
