// Tests that run once per implementation supported here, named and printed by its name (anchor:
// Highway's per-target tests): INSTANTIATE_TEST_SUITE_P(Supported, Suite,
// testing::each_supported_implementation(), testing::implementation_name).
#pragma once

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "descent/registry.hpp"

namespace descent {

// How GoogleTest prints the parameter: the implementation's name, not its address.
inline void PrintTo(const Implementation* impl, std::ostream* out) { *out << impl->name(); }

namespace testing {

inline auto each_supported_implementation() { return ::testing::ValuesIn(supported_implementations()); }

// Names are letters, digits and '_', as GoogleTest requires.
inline std::string implementation_name(const ::testing::TestParamInfo<const Implementation*>& info) {
    return std::string(info.param->name());
}

}  // namespace testing
}  // namespace descent
