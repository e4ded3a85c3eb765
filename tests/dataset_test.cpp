#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "descent/dataset.hpp"

namespace descent {
namespace {

TEST(MakeView, RejectsXAndYOfDifferentLengths) {
    const std::vector<double> x(7), y(8);
    try {
        make_view<double>(x, y);
        FAIL() << "mismatched lengths were accepted";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("x has 7 values but y has 8 rows"), std::string::npos) << e.what();
    }
}

TEST(MakeView, RejectsFeatureMajorXOfTheWrongSize) {
    const std::vector<float> x(3 * 5 - 1), y(5);
    EXPECT_THROW(make_view<float>(x, 3, y), std::invalid_argument);
    EXPECT_THROW(make_view<float>(x, 0, y), std::invalid_argument);
}

TEST(MakeView, ColumnsAreFeatureMajorAndRowRangesShareStorage) {
    const std::vector<double> x{1, 2, 3, 10, 20, 30}, y{7, 8, 9};
    const DatasetView<double> view = make_view<double>(x, 2, y);
    EXPECT_EQ(view.n, 3u);
    EXPECT_EQ(view.feature(1)[2], 30);
    const DatasetView<double> tail = view.rows(1, 3);
    EXPECT_EQ(tail.n, 2u);
    EXPECT_EQ(tail.feature(1)[0], 20);  // the stride still reaches the second column
    EXPECT_EQ(tail.y[1], 9);
    EXPECT_EQ(tail.x, x.data() + 1);  // a view, not a copy
}

}  // namespace
}  // namespace descent
