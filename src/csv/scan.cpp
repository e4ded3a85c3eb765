#include "csv/scan.hpp"

#include <algorithm>
#include <cstring>
#include <string_view>

#include "csv/fields.hpp"

namespace descent::csv {

namespace {

// The scanner's place in the grammar of fields.hpp.
enum class State { field_start, unquoted, quoted, quote_in_quoted };

class Planner {
public:
    Planner(std::uint64_t begin, std::size_t first_line, char delimiter, std::size_t chunk_bytes)
        : delimiter_(delimiter), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)), line_(first_line) {
        plan_.chunks.push_back({begin, 0, first_line, 0});
    }

    void feed(std::string_view block, std::uint64_t offset) {
        const char* p = block.data();
        const char* end = p + block.size();
        while (p < end) {
            if (state_ == State::field_start && at_record_start_) p = skip_quoteless_records(p, end, offset, block.data());
            if (p < end) p = step_slowly(p, end, offset, block.data());
        }
    }

    ChunkPlan finish(std::uint64_t size) {
        if (!at_record_start_) ++plan_.slots;  // a last record without a line feed
        plan_.chunks.back().end = size;
        if (plan_.chunks.back().begin == size && plan_.chunks.size() > 1) plan_.chunks.pop_back();
        return std::move(plan_);
    }

private:
    // Whole records up to the last line feed before the next quote: in them only line feeds
    // matter. The record that holds the quote is left to step_slowly.
    const char* skip_quoteless_records(const char* p, const char* end, std::uint64_t offset, const char* base) {
        const void* quote = std::memchr(p, '"', static_cast<std::size_t>(end - p));
        const char* stop = quote ? static_cast<const char*>(quote) : end;
        const char* tail = p;
        for (const char* q = stop; q > p; --q)
            if (q[-1] == '\n') {
                tail = q;
                break;
            }
        while (p < tail) {
            const std::uint64_t here = offset + static_cast<std::uint64_t>(p - base);
            const std::uint64_t cut = plan_.chunks.back().begin + chunk_bytes_;
            const auto before_cut = static_cast<std::size_t>(std::min<std::uint64_t>(cut > here ? cut - here : 0, tail - p));
            std::size_t feeds = 0;
            for (const char* q = p; q < p + before_cut; ++q) feeds += *q == '\n';  // vectorized at -O3
            line_ += feeds;
            plan_.slots += feeds;
            p += before_cut;
            if (p == tail) break;
            // Past the cut: the chunk ends with the next line feed (there is one: tail[-1]).
            p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(tail - p)));
            end_record(offset + static_cast<std::uint64_t>(p - base));
            ++p;
        }
        return p;
    }

    const char* step_slowly(const char* p, const char* end, std::uint64_t offset, const char* base) {
        for (; p < end; ++p) {
            const char c = *p;
            at_record_start_ = false;
            switch (state_) {
                case State::field_start:
                    if (c == '"') state_ = State::quoted;
                    else if (c != delimiter_ && c != '\n' && !is_padding(c, delimiter_)) state_ = State::unquoted;
                    break;
                case State::unquoted:
                    if (c == delimiter_) state_ = State::field_start;
                    break;
                case State::quoted:
                    if (c == '"') state_ = State::quote_in_quoted;
                    else if (c == '\n') ++line_;
                    continue;
                case State::quote_in_quoted:
                    if (c == '"') state_ = State::quoted;
                    else if (c == delimiter_) state_ = State::field_start;
                    else if (c != '\n' && !is_padding(c, delimiter_)) state_ = State::unquoted;  // an error fields.hpp names
                    break;
            }
            if (c == '\n') {
                end_record(offset + static_cast<std::uint64_t>(p - base));
                return p + 1;
            }
        }
        return p;
    }

    // A record ended at the line feed at `feed`; a chunk may end after it.
    void end_record(std::uint64_t feed) {
        ++line_;
        ++plan_.slots;
        state_ = State::field_start;
        at_record_start_ = true;
        Chunk& current = plan_.chunks.back();
        if (feed + 1 - current.begin >= chunk_bytes_) {
            current.end = feed + 1;
            plan_.chunks.push_back({feed + 1, 0, line_, plan_.slots});
        }
    }

    char delimiter_;
    std::size_t chunk_bytes_;
    std::size_t line_;
    State state_ = State::field_start;
    bool at_record_start_ = true;
    ChunkPlan plan_;
};

}  // namespace

ChunkPlan plan_chunks(const ByteSource& source, std::uint64_t begin, std::size_t first_line, char delimiter,
                      std::size_t chunk_bytes) {
    constexpr std::size_t block_bytes = 4 << 20;
    Planner planner(begin, first_line, delimiter, chunk_bytes);
    std::vector<char> scratch;
    for (std::uint64_t offset = begin; offset < source.size(); offset += block_bytes)
        planner.feed(source.read(offset, block_bytes, scratch), offset);
    return planner.finish(source.size());
}

}  // namespace descent::csv
