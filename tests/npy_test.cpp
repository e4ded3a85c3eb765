// .npy files written by numpy itself (tests/write_npy.py, run once for the suite).
#include <gtest/gtest.h>

#include <bit>
#include <cstdlib>
#include <string>

#include "descent/csv.hpp"
#include "descent/npy.hpp"

namespace descent {
namespace {

constexpr bool little_endian = std::endian::native == std::endian::little;

class Npy : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const std::string command = "/usr/bin/python3 " DESCENT_TESTS_DIR "/write_npy.py " + dir();
        ASSERT_EQ(std::system(command.c_str()), 0) << command << " (python3-numpy is a test dependency)";
    }
    static std::string dir() { return ::testing::TempDir() + "descent-npy"; }
    static std::string file(const std::string& name) { return dir() + "/" + name; }

    template <class T = double>
    static void expect_error(const std::string& x, const std::string& y, const std::string& what) {
        try {
            read_npy<T>(file(x), file(y));
            ADD_FAILURE() << x << " + " << y << " accepted";
        } catch (const std::exception& e) {
            EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << "message: " << e.what();
        }
    }
};

// Every layout gives the table the CSV of the same values gives, bit for bit; the view
// reads the mapped file wherever the layout is a column per feature in the requested type.
TEST_F(Npy, EveryLayoutGivesTheSameTableAsTheCsv) {
    const CsvData<double> csv = read_csv<double>(file("same.csv"), "y");
    struct Case {
        std::string x, y;
        bool x_mapped, y_mapped;
    };
    for (const Case& c : {Case{"x_c.npy", "y.npy", false, true}, Case{"x_f.npy", "y.npy", true, true},
                          Case{"x_be.npy", "y_column.npy", false, true}, Case{"x_v1.npy", "y.npy", false, true},
                          Case{"x_v2.npy", "y.npy", false, true}, Case{"x_v3.npy", "y.npy", false, true}}) {
        const NpyData<double> npy = read_npy<double>(file(c.x), file(c.y));
        EXPECT_EQ(npy.x_mapped, c.x_mapped && little_endian) << c.x;  // numpy wrote them little-endian
        EXPECT_EQ(npy.y_mapped, c.y_mapped && little_endian) << c.y;
        ASSERT_EQ(npy.view.n, 100u);
        ASSERT_EQ(npy.view.d, 3u);
        EXPECT_EQ(npy.feature_names, (std::vector<std::string>{"x1", "x2", "x3"}));
        for (std::size_t i = 0; i < 100; ++i) {
            EXPECT_EQ(npy.view.y[i], csv.data.y[i]) << c.y << " row " << i;
            for (std::size_t j = 0; j < 3; ++j)
                EXPECT_EQ(npy.view.feature(j)[i], csv.data.column(j)[i]) << c.x << " row " << i << " column " << j;
        }
    }
    const NpyData<double> one = read_npy<double>(file("x1.npy"), file("y.npy"));
    EXPECT_EQ(one.x_mapped, little_endian);
    EXPECT_EQ(one.view.d, 1u);
    EXPECT_EQ(one.view.feature(0)[5], csv.data.column(0)[5]);
}

// float32 files map as f32 and convert as f64 (exactly: every float is a double), and back.
TEST_F(Npy, Float32FilesMapAsF32AndConvert) {
    const NpyData<float> f32 = read_npy<float>(file("x_f4.npy"), file("y_f4.npy"));
    EXPECT_FALSE(f32.x_mapped);  // C order, three columns
    EXPECT_EQ(f32.y_mapped, little_endian);
    const NpyData<double> widened = read_npy<double>(file("x_f4.npy"), file("y_f4.npy"));
    EXPECT_FALSE(widened.y_mapped);
    const NpyData<float> narrowed = read_npy<float>(file("x_f.npy"), file("y.npy"));
    for (std::size_t i = 0; i < 100; ++i) {
        EXPECT_EQ(static_cast<double>(f32.view.y[i]), widened.view.y[i]);
        EXPECT_EQ(f32.view.feature(2)[i], narrowed.view.feature(2)[i]);  // both rounded once from the same double
    }
}

TEST_F(Npy, BadFilesAreClearErrors) {
    expect_error("x_int.npy", "y.npy", "x_int.npy: dtype '<i8': descent reads float32 and float64 arrays");
    expect_error("x_3d.npy", "y.npy", "x_3d.npy: X must have shape (n,) or (n, d)");
    expect_error("x_c.npy", "y_short.npy", "x_c.npy has 100 rows but");
    expect_error("x_c.npy", "y_2col.npy", "y_2col.npy: y must have shape (n,) or (n, 1)");
    expect_error("x_nan.npy", "y.npy", "x_nan.npy: row 7, column 2 (from 0) is nan: descent needs finite numbers");
    expect_error<float>("x_big_for_f32.npy", "y.npy", "x_big_for_f32.npy: row 0 (from 0) is 9.9999999999999994e+38, out of range for f32");
    expect_error("x_truncated.npy", "y.npy", "x_truncated.npy: truncated: shape (100, 3) of float64 is 2400 bytes of data, the file has 2395");
    expect_error("x_magic.npy", "y.npy", "x_magic.npy: not a .npy file");
    expect_error("x_header.npy", "y.npy", "x_header.npy: bad .npy header at character");
    expect_error("missing.npy", "y.npy", "missing.npy: cannot open the file");
    expect_error("same.csv", "y.npy", "same.csv: not a .npy file");
}

}  // namespace
}  // namespace descent
