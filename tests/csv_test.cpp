#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <string>

#include "descent/csv.hpp"
#include "descent/fit.hpp"
#include "descent/least_squares.hpp"
#include "descent/registry.hpp"
#include "descent/scaler.hpp"
#include "descent/split.hpp"
#include "descent/synthetic.hpp"

namespace descent {
namespace {

std::string write_file(const std::string& name, const std::string& text) {
    const std::string path = ::testing::TempDir() + name;
    std::ofstream(path) << text;
    return path;
}

// Reading `text` must fail with a message that starts with "FILE:LINE:COLUMN:" and says `what`.
void expect_csv_error(const std::string& text, int line, int column, const std::string& what) {
    const std::string path = write_file("bad.csv", text);
    try {
        read_csv(path);
        ADD_FAILURE() << "accepted:\n" << text;
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.rfind(path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ", 0), 0u) << message;
        EXPECT_NE(message.find(what), std::string::npos) << message;
    }
}

TEST(Csv, ReadsHeaderAndNumbers) {
    const CsvTable table = read_csv(write_file("good.csv", "x, y\r\n1,2\n3.5 ,-4e-1\n"));
    ASSERT_EQ(table.header, (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ(table.columns[0], (std::vector<double>{1, 3.5}));
    EXPECT_EQ(table.columns[1], (std::vector<double>{2, -0.4}));
}

TEST(Csv, MalformedInputNamesFileLineAndColumn) {
    expect_csv_error("x,y\n1,2\n3,abc\n", 3, 2, "'abc' in column 'y' is not a number");
    expect_csv_error("x,y\n1,2\n3,4,5\n", 3, 3, "expected 2 cells (as in the header), found 3");
    expect_csv_error("x,y\n1\n", 2, 2, "expected 2 cells (as in the header), found 1");
    expect_csv_error("x,y\n1,nan\n", 2, 2, "'nan' in column 'y' is not a finite number");
    expect_csv_error("x,y\ninf,1\n", 2, 1, "'inf' in column 'x' is not a finite number");
    expect_csv_error("x,y\n1,\n", 2, 2, "empty cell in column 'y'");
    expect_csv_error("x,y\n1,2x\n", 2, 2, "'2x' in column 'y' is not a number");
    expect_csv_error("", 1, 1, "the file is empty");
    expect_csv_error("x,y\n", 2, 1, "no data rows");
    expect_csv_error("x,,y\n1,2,3\n", 1, 2, "empty column name");
    expect_csv_error("x,y\n1,2\n\n3,4\n", 3, 1, "empty line inside the data");
}

TEST(Csv, MissingFileAndMissingColumnAreClear) {
    EXPECT_THROW(read_csv("/nonexistent/descent.csv"), std::runtime_error);
    const CsvTable table = read_csv(write_file("columns.csv", "a,b,price\n1,2,3\n"));
    try {
        select_columns<double>(table, "cost", {});
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("no column 'cost' in the CSV header; its columns are: a, b, price"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(select_columns<double>(table, "price", {"a", "z"}), std::invalid_argument);
    const CsvTable huge = read_csv(write_file("huge.csv", "a,y\n1,2\n1e39,3\n"));
    try {
        select_columns<float>(huge, "y", {});
        FAIL() << "1e39 became a float";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("line 3, column 'a'"), std::string::npos) << e.what();
    }
    const Dataset<double> data = select_columns<double>(table, "price", {"b"});
    EXPECT_EQ(data.d, 1u);
    EXPECT_EQ(data.column(0)[0], 2);
    EXPECT_EQ(data.y, AlignedVector<double>{3});
}

// Ten features on very different scales, standardized on the training split: gradient
// descent reaches the closed form.
TEST(Csv, TenStandardizedFeaturesReachTheClosedForm) {
    std::vector<double> w_true;
    for (int j = 0; j < 10; ++j) w_true.push_back(j % 2 ? -1.0 - j : 0.5 * j + 1);
    const Dataset<double> generated = make_synthetic<double>({400, 3.0, w_true, 0.1, 11});
    std::string text = "f1,f2,f3,f4,f5,f6,f7,f8,f9,f10,target\n";
    for (std::size_t i = 0; i < 400; ++i) {
        for (std::size_t j = 0; j < 10; ++j) text += std::to_string(generated.column(j)[i] * std::pow(10.0, int(j) - 4)) + ",";
        text += std::to_string(generated.y[i]) + "\n";
    }
    const CsvTable table = read_csv(write_file("ten.csv", text));
    const Dataset<double> all = select_columns<double>(table, "target", {});
    const Split<double> split = shuffled_split(all.view(), 0.2, 42);
    const StandardScaler scaler = StandardScaler::fit(split.train.view(), feature_names(table, "target", {}));
    const Dataset<double> train = scaler.transform(split.train.view());

    FitOptions options;
    options.learning_rate = 0.9 * max_stable_learning_rate(train.view());
    options.epochs = 5000;
    const FitResult<double> result = fit(default_implementation(), train.view(), Params<double>{0, std::vector<double>(10, 0.0)}, options);
    const LeastSquaresFit ols = ordinary_least_squares(train.view());
    EXPECT_NEAR(result.params.b, ols.b, 1e-6);
    for (std::size_t j = 0; j < 10; ++j) EXPECT_NEAR(result.params.w[j], ols.w[j], 1e-6) << "feature " << j + 1;
    // And in the original units, against least squares on the unscaled data.
    const Params<double> original = scaler.to_original_units(result.params);
    const LeastSquaresFit ols_original = ordinary_least_squares(split.train.view());
    for (std::size_t j = 0; j < 10; ++j)
        EXPECT_NEAR(original.w[j], ols_original.w[j], 1e-6 / scaler.scale()[j]) << "feature " << j + 1;
}

}  // namespace
}  // namespace descent
