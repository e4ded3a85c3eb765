#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "descent/memory.hpp"

namespace descent {
namespace {

TEST(Memory, TableBytesSaturateInsteadOfWrapping) {
    EXPECT_EQ(table_bytes(100, 2, 8), 1600u);
    constexpr std::uint64_t most = std::numeric_limits<std::uint64_t>::max();
    EXPECT_EQ(table_bytes(std::uint64_t{1} << 62, 2, 8), most);
    EXPECT_EQ(table_bytes(most, 3, 1), most);
}

TEST(Memory, FormatsBytes) {
    EXPECT_EQ(format_bytes(80), "80 bytes");
    EXPECT_EQ(format_bytes(12 * 1024), "12 KiB");
    EXPECT_EQ(format_bytes(std::uint64_t{3} << 29), "1.5 GiB");
}

// What cannot fit fails at once with both numbers; what fits passes.
TEST(Memory, RequireMemorySaysWhatWasAskedAndWhatThereIs) {
    const AvailableMemory memory = available_memory();
    ASSERT_GT(memory.bytes, 0u);
    EXPECT_NO_THROW(require_memory(1024, "a small table", "1 row"));
    try {
        require_memory(std::numeric_limits<std::uint64_t>::max(), "the table", "1e11 rows x 2 columns x 8 bytes");
        FAIL();
    } catch (const std::length_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("the table needs 16 EiB (1e11 rows x 2 columns x 8 bytes), but this machine has "), std::string::npos)
            << message;
        EXPECT_NE(message.find(format_bytes(memory.bytes).substr(0, 2)), std::string::npos) << message;
        EXPECT_NE(message.find(memory.source), std::string::npos) << message;
    }
}

}  // namespace
}  // namespace descent
