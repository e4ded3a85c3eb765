#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "descent/csv.hpp"
#include "descent/fit.hpp"
#include "descent/least_squares.hpp"
#include "descent/registry.hpp"
#include "descent/scaler.hpp"
#include "descent/split.hpp"
#include "descent/synthetic.hpp"
#include "temp_files.hpp"

namespace descent {
namespace {

using testing::write_file;

template <class T = double>
CsvData<T> read_text(const std::string& text, const std::string& target = "y", const std::vector<std::string>& features = {},
                     const CsvOptions& options = {}) {
    return read_csv<T>(write_file("test.csv", text), target, features, options);
}

std::vector<double> column(const CsvData<double>& read, std::size_t j) {
    const DatasetView<double> v = read.data.view();
    return {v.feature(j), v.feature(j) + v.n};
}
std::vector<double> target(const CsvData<double>& read) { return {read.data.y.begin(), read.data.y.end()}; }

// Reading `text` must fail with a message that starts with "FILE:LINE:COLUMN:" and says `what`.
void expect_csv_error(const std::string& text, int line, int column, const std::string& what, const CsvOptions& options = {},
                      const std::vector<std::string>& features = {}) {
    const std::string path = write_file("bad.csv", text);
    try {
        read_csv<double>(path, "y", features, options);
        ADD_FAILURE() << "accepted:\n" << text;
    } catch (const std::runtime_error& e) {
        const std::string message = e.what();
        EXPECT_EQ(message.rfind(path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ", 0), 0u) << message;
        EXPECT_NE(message.find(what), std::string::npos) << message;
    }
}

TEST(Csv, ReadsHeaderAndNumbers) {
    const CsvData<double> read = read_text("x, y\r\n1,2\n3.5 ,-4e-1\n+2, .5\n");
    EXPECT_EQ(read.feature_names, std::vector<std::string>{"x"});
    EXPECT_EQ(column(read, 0), (std::vector<double>{1, 3.5, 2}));
    EXPECT_EQ(target(read), (std::vector<double>{2, -0.4, 0.5}));
}

// R's write.csv: quoted header and strings, row names in an unnamed first column.
TEST(Csv, ReadsWhatRWrites) {
    const std::string r_default = "\"\",\"x\",\"y\"\r\n\"1\",1.5,2\r\n\"2\",-3,4.25\r\n";
    const CsvData<double> read = read_text(r_default);
    EXPECT_EQ(read.feature_names, std::vector<std::string>{"x"});
    EXPECT_EQ(column(read, 0), (std::vector<double>{1.5, -3}));
    EXPECT_EQ(target(read), (std::vector<double>{2, 4.25}));
    const CsvData<double> no_row_names = read_text("\"x\",\"y\"\n1,2\n\"3\", \"4\" \n");
    EXPECT_EQ(column(no_row_names, 0), (std::vector<double>{1, 3}));
    EXPECT_EQ(target(no_row_names), (std::vector<double>{2, 4}));
}

TEST(Csv, SemicolonsTabsAndDecimalCommas) {
    CsvOptions semicolon;
    semicolon.delimiter = ';';
    semicolon.decimal = ',';
    const CsvData<double> european = read_text("x;y\n1,5;-2,25\n3;4\n", "y", {}, semicolon);
    EXPECT_EQ(column(european, 0), (std::vector<double>{1.5, 3}));
    EXPECT_EQ(target(european), (std::vector<double>{-2.25, 4}));
    semicolon.decimal = '.';
    EXPECT_EQ(target(read_text("x;y\n1.5;2\n", "y", {}, semicolon)), std::vector<double>{2});
    expect_csv_error("x;y\n1,5;2\n", 2, 1, "'1,5' in column 'x' is not a number (a decimal comma needs --decimal ,)", semicolon);
    CsvOptions tab;
    tab.delimiter = '\t';
    const CsvData<double> tsv = read_text("x\ty\n 1\t2 \n", "y", {}, tab);
    EXPECT_EQ(column(tsv, 0), std::vector<double>{1});
    EXPECT_EQ(target(tsv), std::vector<double>{2});
    for (char bad : {'"', '\n', '\r', ' '}) {
        CsvOptions options;
        options.delimiter = bad;
        EXPECT_THROW(read_text("x,y\n1,2\n", "y", {}, options), std::invalid_argument);
    }
    CsvOptions same;
    same.decimal = ',';
    EXPECT_THROW(read_text("x,y\n1,2\n", "y", {}, same), std::invalid_argument);
}

TEST(Csv, ByteOrderMarkAndLastLineWithoutLineFeed) {
    const CsvData<double> read = read_text("\xEF\xBB\xBFx,y\r\n1,2\r\n3,4");
    EXPECT_EQ(read.feature_names, std::vector<std::string>{"x"});
    EXPECT_EQ(target(read), (std::vector<double>{2, 4}));
    // Blank lines before the header and after the last record are not data.
    EXPECT_EQ(target(read_text("\n  \nx,y\n1,2\n\n\r\n")), std::vector<double>{2});
}

// Columns neither the target nor a chosen feature are skipped, whatever they hold: text,
// quotes with "" and line feeds inside, empty cells.
TEST(Csv, UnusedColumnsAreSkipped) {
    const std::string text =
        "split,x1,note,y\n"
        "train,1,\"said \"\"hi\"\"\",2\n"
        "validation,3,\"two\nlines\",4\n"
        "train,5,,6\n"
        "train,7,x,oops\n";
    const CsvData<double> read = read_text(text.substr(0, text.rfind("train,7")), "y", {"x1"});
    EXPECT_EQ(column(read, 0), (std::vector<double>{1, 3, 5}));
    EXPECT_EQ(target(read), (std::vector<double>{2, 4, 6}));
    // Line numbers count the line feed inside the quotes: the bad cell is on line 6.
    expect_csv_error(text, 6, 4, "'oops' in column 'y' is not a number", {}, {"x1"});
    // Without --features every named column is used, and the text column is named.
    expect_csv_error(text, 2, 1, "'train' in column 'split' is not a number");
}

TEST(Csv, MissingValuesAreErrorsUnlessDropped) {
    expect_csv_error("x,y\n1,2\n3,\n", 3, 2, "missing value (an empty cell) in column 'y'");
    expect_csv_error("x,y\n1,2\nNA,3\n", 3, 1, "missing value 'NA' in column 'x'");
    expect_csv_error("x,y\n1,2\n3,NaN\n", 3, 2, "missing value 'NaN' in column 'y'");
    expect_csv_error("x,y\n1,2\n\"\",3\n", 3, 1, "missing value (an empty cell) in column 'x'");
    CsvOptions drop;
    drop.drop_missing = true;
    const CsvData<double> read = read_text("x,y,note\n1,2,\n,3,a\n4,NA,b\n5,6,NA\n7,nan,\n", "y", {"x"}, drop);
    EXPECT_EQ(column(read, 0), (std::vector<double>{1, 5}));  // the note column's NA is not used
    EXPECT_EQ(target(read), (std::vector<double>{2, 6}));
    EXPECT_EQ(read.rows_dropped, 3u);
    EXPECT_EQ(read.first_dropped_line, 3u);
    expect_csv_error("x,y\nNA,1\n2,\n", 2, 1, "every one of the 2 data rows has a missing value", drop);
    // Dropping is for missing values only: a broken record or a word is still an error.
    expect_csv_error("x,y\n1,NA,3\n", 2, 3, "expected 2 cells (as in the header), found 3", drop);
    expect_csv_error("x,y\n1,abc\n", 2, 2, "'abc' in column 'y' is not a number", drop);
}

TEST(Csv, MalformedInputNamesFileLineAndColumn) {
    expect_csv_error("x,y\n1,2\n3,abc\n", 3, 2, "'abc' in column 'y' is not a number");
    expect_csv_error("x,y\n1,2\n3,4,5\n", 3, 3, "expected 2 cells (as in the header), found 3");
    expect_csv_error("x,y\n1\n", 2, 2, "expected 2 cells (as in the header), found 1");
    expect_csv_error("x,y\ninf,1\n", 2, 1, "'inf' in column 'x' is not a finite number");
    expect_csv_error("x,y\n1,2x\n", 2, 2, "'2x' in column 'y' is not a number");
    expect_csv_error("x,y\n1,1e400\n", 2, 2, "'1e400' in column 'y' is out of range for f64");
    expect_csv_error("", 1, 1, "the file is empty");
    expect_csv_error("\xEF\xBB\xBF\n\n", 3, 1, "the file is empty");
    expect_csv_error("x,y\n", 2, 1, "no data rows");
    expect_csv_error("x,y\n1,2\n\n3,4\n", 3, 1, "empty line inside the data");
    expect_csv_error("x,y\n1,\"2\n3,4\n", 2, 2, "a quote opened here is never closed");
    expect_csv_error("x,y\n1,\"2\"3\n", 2, 2, "text after a closing quote");
    expect_csv_error("\"x,y\n1,2\n", 1, 1, "a quote opened here is never closed");
    expect_csv_error("x,y\n1,+-2\n", 2, 2, "'+-2' in column 'y' is not a number");
    const std::string long_cell(100, 'z');
    expect_csv_error("x,y\n1," + long_cell + "\n", 2, 2, "'" + std::string(40, 'z') + "...' in column 'y'");
}

TEST(Csv, FloatRangeIsCheckedAndTinyValuesRound) {
    const std::string path = write_file("range.csv", "x,y\n1,2\n1e39,3\n");
    try {
        read_csv<float>(path, "y");
        FAIL() << "1e39 became a float";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(":3:1: '1e39' in column 'x' is out of range for f32"), std::string::npos)
            << e.what();
    }
    const CsvData<float> tiny = read_text<float>("x,y\n1e-50,2\n-1e-45,3\n");
    EXPECT_EQ(tiny.data.column(0)[0], 0.0f);
    EXPECT_EQ(tiny.data.column(0)[1], -1e-45f);  // the nearest subnormal
    EXPECT_EQ(read_text<float>("x,y\n0.1,2\n").data.column(0)[0], 0.1f);  // rounded once, from the text
}

TEST(Csv, MissingFileAndMissingColumnAreClear) {
    try {
        read_csv<double>("/nonexistent/descent.csv", "y");
        FAIL();
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/descent.csv: cannot open the file: No such file"), std::string::npos)
            << e.what();
    }
    EXPECT_THROW(read_csv<double>(::testing::TempDir(), "y"), std::runtime_error);  // a directory
    const std::string text = "a,b,price\n1,2,3\n";
    try {
        read_text(text, "cost");
        FAIL();
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("no column 'cost' in the CSV header; its columns are: a, b, price"),
                  std::string::npos)
            << e.what();
    }
    EXPECT_THROW(read_text(text, "price", {"a", "z"}), std::invalid_argument);
    EXPECT_THROW(read_text(text, "price", {"a", "a"}), std::invalid_argument);
    EXPECT_THROW(read_text(text, "price", {"price"}), std::invalid_argument);
    EXPECT_THROW(read_text("x,x,y\n1,2,3\n", "y", {"x"}), std::invalid_argument);  // which x?
    EXPECT_THROW(read_text("x,x,y\n1,2,3\n"), std::invalid_argument);
    EXPECT_EQ(read_text("a,a,x,y\n1,2,3,4\n", "y", {"x"}).data.n(), 1u);  // a name twice, unused: fine
    const CsvData<double> one = read_text(text, "price", {"b"});
    EXPECT_EQ(one.data.d, 1u);
    EXPECT_EQ(one.data.column(0)[0], 2);
    EXPECT_EQ(target(one), std::vector<double>{3});
}

// Cut into chunks of any size and parsed by one thread or two, a file gives the same table,
// the same dropped rows and the same first error as read whole.
TEST(Csv, ChunksOfAnySizeGiveTheSameResult) {
    std::string text = "\xEF\xBB\xBF" "id,\"x 1\",note,y\r\n";
    for (int i = 0; i < 60; ++i) {
        text += std::to_string(i) + "," + std::to_string(i * 0.25 - 3) + ",";
        text += i % 7 == 0 ? "\"multi\nline, \"\"quoted\"\"\"" : (i % 5 == 0 ? "" : "plain");
        text.append(",").append(i % 11 == 3 ? "NA" : std::to_string(2 * i + 1)).append(i % 2 ? "\r\n" : "\n");
    }
    CsvOptions whole;
    whole.drop_missing = true;
    const CsvData<double> expected = parse_csv<double>(text, "mem.csv", "y", {"x 1"}, whole);
    ASSERT_EQ(expected.data.n(), 54u);
    ASSERT_EQ(expected.rows_dropped, 6u);
    const std::string broken = text + "61,1,\"unclosed,5\n62,1,,2\n";
    std::string expected_error;
    try {
        parse_csv<double>(broken, "mem.csv", "y", {"x 1"}, whole);
    } catch (const std::runtime_error& e) {
        expected_error = e.what();
    }
    ASSERT_NE(expected_error.find("a quote opened here is never closed"), std::string::npos) << expected_error;
    for (int threads : {1, 2})
        for (std::size_t chunk = 1; chunk < 80; chunk += chunk < 20 ? 1 : 13) {
            CsvOptions options = whole;
            options.threads = threads;
            options.chunk_bytes = chunk;
            const CsvData<double> read = parse_csv<double>(text, "mem.csv", "y", {"x 1"}, options);
            ASSERT_EQ(read.data.n(), expected.data.n()) << chunk;
            EXPECT_TRUE(std::equal(expected.data.y.begin(), expected.data.y.end(), read.data.y.begin())) << chunk;
            EXPECT_TRUE(std::equal(expected.data.column(0), expected.data.column(0) + 54, read.data.column(0))) << chunk;
            EXPECT_EQ(read.rows_dropped, expected.rows_dropped);
            EXPECT_EQ(read.first_dropped_line, expected.first_dropped_line);
            try {
                parse_csv<double>(broken, "mem.csv", "y", {"x 1"}, options);
                ADD_FAILURE() << "accepted with chunks of " << chunk;
            } catch (const std::runtime_error& e) {
                EXPECT_EQ(e.what(), expected_error) << chunk;
            }
        }
}

TEST(Csv, ReportsProgress) {
    std::string text = "x,y\n";
    for (int i = 0; i < 1000; ++i) text += std::to_string(i) + "," + std::to_string(i) + "\n";
    CsvOptions options;
    options.chunk_bytes = 256;
    std::vector<CsvProgress> calls;
    options.on_progress = [&](const CsvProgress& p) { calls.push_back(p); };
    const CsvData<double> read = parse_csv<double>(text, "mem.csv", "y", {}, options);
    ASSERT_GE(calls.size(), 2u);
    EXPECT_EQ(calls.back().bytes_done, text.size());
    EXPECT_EQ(calls.back().bytes_total, text.size());
    EXPECT_EQ(calls.back().rows, 1000u);
    EXPECT_EQ(read.data.n(), 1000u);
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
    const CsvData<double> read = read_text(text, "target");
    const Split<double> split = shuffled_split(read.data.view(), 0.2, 42);
    const StandardScaler scaler = StandardScaler::fit(split.train.view(), read.feature_names);
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

namespace descent {
namespace {

// A file with every edge a cut could land on: a byte-order mark, CRLF, quoted fields holding
// line feeds and delimiters, a quote inside an unquoted field, a row with a missing value, and
// a last line without a line feed.
std::string awkward_file() {
    std::string text = "\xEF\xBB\xBF\"x\",note,y\r\n";
    for (int i = 0; i < 40; ++i) {
        text += std::to_string(i) + ".5,";
        text += i % 3 == 0 ? "\"two\nlines, \"\"quoted\"\"\"" : i % 3 == 1 ? "5'10\" tall" : "plain";
        text.append(",").append(i == 17 ? std::string("NA") : std::to_string(2 * i)).append(i % 2 ? "\r\n" : "\n");
    }
    return text + "99,last,1";
}

TEST(CsvShares, ReadInOrderTheyAreTheWholeFileForAnyNumberOfReaders) {
    const std::string path = testing::write_file("shares.csv", awkward_file());
    CsvOptions options;
    options.drop_missing = true;
    const CsvData<double> whole = read_csv<double>(path, "y", {"x"}, options);
    for (std::size_t parts = 1; parts <= 7; ++parts) {
        const std::vector<CsvShare> shares = plan_csv_shares(path, parts, options);
        ASSERT_EQ(shares.size(), parts);
        std::vector<double> x, y;
        std::size_t dropped = 0;
        for (std::size_t k = 0; k < parts; ++k) {
            if (k > 0) {
                EXPECT_EQ(shares[k].begin, shares[k - 1].end);
            }
            CsvOptions part = options;
            part.share = shares[k];
            const CsvData<double> read = read_csv<double>(path, "y", {"x"}, part);
            x.insert(x.end(), read.data.column(0), read.data.column(0) + read.data.n());
            y.insert(y.end(), read.data.y.begin(), read.data.y.end());
            dropped += read.rows_dropped;
            if (read.rows_dropped) {
                EXPECT_EQ(read.first_dropped_line, whole.first_dropped_line);
            }
        }
        EXPECT_EQ(x, std::vector<double>(whole.data.column(0), whole.data.column(0) + whole.data.n())) << parts << " parts";
        EXPECT_EQ(y, std::vector<double>(whole.data.y.begin(), whole.data.y.end())) << parts << " parts";
        EXPECT_EQ(dropped, whole.rows_dropped);
    }
}

TEST(CsvShares, AnErrorInAShareNamesTheLineAndColumnOfTheWholeFile) {
    std::string text = awkward_file();
    text[text.find("30.5") + 1] = 'x';  // a number no more
    const std::string path = testing::write_file("bad_share.csv", text);
    std::string whole_error;
    CsvOptions whole_options;
    whole_options.drop_missing = true;
    try {
        read_csv<double>(path, "y", {"x"}, whole_options);
    } catch (const std::runtime_error& error) {
        whole_error = error.what();
    }
    ASSERT_NE(whole_error.find(":1: "), std::string::npos) << whole_error;
    for (std::size_t parts = 2; parts <= 5; ++parts) {
        std::size_t errors = 0;
        for (const CsvShare& share : plan_csv_shares(path, parts)) {
            CsvOptions options;
            options.drop_missing = true;
            options.share = share;
            try {
                read_csv<double>(path, "y", {"x"}, options);
            } catch (const std::runtime_error& error) {
                ++errors;
                EXPECT_EQ(std::string(error.what()), whole_error);
            }
        }
        EXPECT_EQ(errors, 1u) << parts << " parts";
    }
}

}  // namespace
}  // namespace descent
