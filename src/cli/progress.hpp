// One status line on stderr for long loads and trainings: rewritten in place on a terminal at
// most five times a second, and printed as a new line every few seconds otherwise (a log).
#pragma once

#include <chrono>
#include <string>

namespace descent::cli {

class ProgressLine {
public:
    // When stderr is a terminal, or asked for; `--no-progress` turns it off.
    static bool wanted_by_default();

    explicit ProgressLine(bool enabled);
    ~ProgressLine();  // ends the line
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    bool enabled() const { return enabled_; }
    // Shows `text` if enough time passed since the last line (always when `force`).
    void show(const std::string& text, bool force = false);

private:
    bool enabled_, terminal_;
    std::size_t last_width_ = 0;
    bool shown_ = false;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace descent::cli
