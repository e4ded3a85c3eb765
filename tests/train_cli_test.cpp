// `descent train` on files as users have them, run as the user runs it.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "descent/compute_roof.hpp"
#include "temp_files.hpp"
#include "tool_run.hpp"

namespace descent {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }
std::size_t occurrences(const std::string& text, const std::string& part) {
    std::size_t found = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++found;
    return found;
}

using testing::read_file;
using testing::write_file;

// The "b" line of `descent train --json`: its digits, to compare two runs bit for bit.
std::string json_b(const std::string& output) {
    const std::size_t at = output.find("\"b\":");
    return at == std::string::npos ? "" : output.substr(at, output.find('\n', at) - at);
}

// The same rows as R, a European spreadsheet and numpy write them train to the same bits.
TEST(TrainCli, RSemicolonAndNpyFilesTrainAlike) {
    std::string plain = "x,y\n", r = "\"\",\"x\",\"y\"\r\n", european = "x;y\n";
    for (int i = 0; i < 50; ++i) {
        const std::string x = std::to_string(i) + ".25", y = std::to_string(1 + 2 * i) + ".5";
        plain += x + "," + y + "\n";
        r.append("\"").append(std::to_string(i + 1)).append("\",").append(x).append(",").append(y).append("\r\n");
        european += std::to_string(i) + ",25;" + std::to_string(1 + 2 * i) + ",5\n";
    }
    const std::string common = " --target y --json --epochs 50 --lr 0.0001 --no-progress";
    const ToolRun expected = run_tool("", "train --csv " + write_file("plain.csv", plain) + common);
    ASSERT_EQ(expected.status, 0) << expected.output;
    ASSERT_FALSE(json_b(expected.output).empty()) << expected.output;
    const ToolRun from_r = run_tool("", "train --csv " + write_file("r.csv", r) + common);
    EXPECT_EQ(json_b(from_r.output), json_b(expected.output)) << from_r.output;
    const ToolRun from_europe =
        run_tool("", "train --csv " + write_file("europe.csv", european) + common + " --delimiter ';' --decimal ,");
    EXPECT_EQ(json_b(from_europe.output), json_b(expected.output)) << from_europe.output;
    const ToolRun semicolon_without_option = run_tool("", "train --csv " + write_file("europe.csv", european) + common);
    EXPECT_EQ(semicolon_without_option.status, 2);
    EXPECT_TRUE(contains(semicolon_without_option.output, "no column 'y' in the CSV header; its columns are: x;y"))
        << semicolon_without_option.output;

    const std::string dir = ::testing::TempDir() + "descent-train-npy";
    const std::string script = "import numpy as np, sys\n"
                               "x = np.array([i + 0.25 for i in range(50)]); y = np.array([1 + 2 * i + 0.5 for i in range(50)])\n"
                               "np.save(sys.argv[1] + '/x.npy', x); np.save(sys.argv[1] + '/y.npy', y)\n";
    std::filesystem::create_directories(dir);
    const std::string command = "/usr/bin/python3 " + write_file("save.py", script) + " " + dir;
    ASSERT_EQ(std::system(command.c_str()), 0);
    const ToolRun from_npy =
        run_tool("", "train --npy-x " + dir + "/x.npy --npy-y " + dir + "/y.npy --json --epochs 50 --lr 0.0001 --no-progress");
    EXPECT_EQ(json_b(from_npy.output), json_b(expected.output)) << from_npy.output;
}

TEST(TrainCli, DropMissingSaysHowManyRowsWent) {
    const std::string path = write_file("gaps.csv", "x,y,note\n1,3,a\n2,,b\n3,7,NA\nNA,9,c\n4,9,\n5,11,d\n");
    const ToolRun strict = run_tool("", "train --csv " + path + " --target y --features x --no-progress");
    EXPECT_EQ(strict.status, 2);
    EXPECT_TRUE(contains(strict.output, path + ":3:2: missing value (an empty cell) in column 'y'")) << strict.output;
    const ToolRun dropped = run_tool("", "train --csv " + path + " --target y --features x --val-fraction 0 --lr 0.01 --no-progress");
    EXPECT_EQ(dropped.status, 2) << "--drop-missing was not given";
    const ToolRun run = run_tool("", "train --csv " + path + " --target y --features x --val-fraction 0 --lr 0.01 --drop-missing --no-progress");
    EXPECT_EQ(run.status, 0) << run.output;
    EXPECT_TRUE(contains(run.output, "dropped:         2 rows with a missing value (the first on line 3)")) << run.output;
    EXPECT_TRUE(contains(run.output, "rows:            4 train")) << run.output;
}

// A failed run leaves the file it would have written as it was, and no temporary beside it.
TEST(TrainCli, OutputFilesAreWholeOrUntouched) {
    const std::string dir = ::testing::TempDir() + "descent-atomic";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const std::string json = dir + "/run.json";
    const ToolRun ok = run_tool("", "train --epochs 5 --json " + json + " --no-progress");
    ASSERT_EQ(ok.status, 0) << ok.output;
    EXPECT_TRUE(ok.output.empty()) << ok.output;  // the JSON went to the file
    EXPECT_TRUE(contains(read_file(json), "\"epochs_run\": 5"));
    const std::string before = read_file(json);
    const ToolRun failed =
        run_tool("", "train --epochs 100 --json " + json + " --path " + dir + "/path.csv --lr 1e6 --no-progress");
    EXPECT_EQ(failed.status, 3) << failed.output;  // diverged: the summary is still written, whole
    EXPECT_TRUE(contains(read_file(json), "\"stop_reason\": \"diverged\""));
    EXPECT_NE(read_file(json), before);
    const ToolRun bad = run_tool("", "train --csv " + write_file("bad.csv", "x,y\n1,a\n") + " --target y --json " + json);
    EXPECT_EQ(bad.status, 2);
    EXPECT_TRUE(contains(read_file(json), "\"stop_reason\": \"diverged\"")) << "the failed run touched the file";
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir)) ++entries;
    EXPECT_EQ(entries, 2u) << "run.json and path.csv, no temporary";
}

TEST(TrainCli, RequestsBeyondMemoryFailAtOnceWithBothNumbers) {
    const ToolRun rows = run_tool("", "train --n 100000000000 --no-progress");
    EXPECT_EQ(rows.status, 2);
    EXPECT_TRUE(contains(rows.output, "the synthetic table needs 1.46 TiB (100000000000 rows x 2 columns x 8 bytes), but "
                                      "this machine has"))
        << rows.output;
    const ToolRun grid = run_tool("", "surface --grid 1000000");
    EXPECT_EQ(grid.status, 2);
    EXPECT_TRUE(contains(grid.output, "the grid takes 2 to 10001 points a side")) << grid.output;
}

// --method statistics trains the book's model to the pass-per-epoch fit's numbers (to the
// 9 digits printed; the bound is in sufficient_statistics_test.cpp), says so, and refuses
// mini-batches; bench --fit writes a record per method.
TEST(TrainCli, StatisticsMethodTrainsAsAPassPerEpochDoes) {
    const ToolRun pass = run_tool("", "train --no-progress");
    const ToolRun statistics = run_tool("", "train --method statistics --no-progress");
    ASSERT_EQ(statistics.status, 0) << statistics.output;
    EXPECT_TRUE(contains(statistics.output, "epochs from the sufficient statistics")) << statistics.output;
    const auto line = [](const std::string& output, const std::string& start) {
        const std::size_t at = output.find(start);
        return at == std::string::npos ? std::string() : output.substr(at, output.find('\n', at) - at);
    };
    EXPECT_EQ(line(statistics.output, "gradient descent:"), line(pass.output, "gradient descent:"));
    EXPECT_FALSE(line(pass.output, "gradient descent:").empty()) << pass.output;
    EXPECT_TRUE(contains(run_tool("", "train --method statistics --json").output, "\"method\": \"sufficient_statistics\""));
    const ToolRun batches = run_tool("", "train --method statistics --batch-size 8 --no-progress");
    EXPECT_EQ(batches.status, 2);
    EXPECT_TRUE(contains(batches.output, "for full batch")) << batches.output;
    const std::string json = write_file("fit.json", "");
    const ToolRun bench = run_tool("", "bench --fit 5 --max-n 1024 --repetitions 1 --min-time 0.001 --json " + json);
    ASSERT_EQ(bench.status, 0) << bench.output;
    const std::string records = read_file(json);
    EXPECT_TRUE(contains(records, "\"method\": \"pass_per_epoch\"") && contains(records, "\"method\": \"sufficient_statistics\"") &&
                contains(records, "\"seconds_per_fit\""))
        << records;
}

// bench --dtype bf16 / f16 times 16-bit epochs beside the read roof of the same bytes, and
// refuses what takes float or double data only (--fit).
TEST(TrainCli, BenchTimesSixteenBitEpochs) {
    const std::string json = write_file("bench16.json", "");
    // Names given twice count once.
    const ToolRun bench = run_tool("", "bench --dtype bf16 --dtype f16 --dtype bf16 --d 3 --max-n 1024 --impl simd --impl simd "
                                       "--repetitions 1 --min-time 0.001 --json " + json);
    ASSERT_EQ(bench.status, 0) << bench.output;
    const std::string records = read_file(json);
    // Per dtype: the two read roofs, the two row-wise read roofs (d > 1), the two compute roofs
    // and simd's epochs, which name the roof that binds them.
    const auto count = [&records](const std::string& text) { return occurrences(records, text); };
    const std::size_t roofs = has_compute_roof() ? 6 : 4;
    EXPECT_EQ(count("\"dtype\": \"bf16\""), roofs + 1) << records;
    EXPECT_EQ(count("\"dtype\": \"f16\""), roofs + 1) << records;
    EXPECT_EQ(count("\"impl\": \"simd\""), 2u) << records;
    if (has_compute_roof()) {
        EXPECT_EQ(count("\"roof\": \""), 2u) << records;
    }
    const ToolRun fit = run_tool("", "bench --dtype bf16 --fit 5 --max-n 1024");
    EXPECT_NE(fit.status, 0);
    EXPECT_TRUE(contains(fit.output, "--fit runs f32 and f64 data only")) << fit.output;
}

// A dtype named twice is checked once: each row of the table once, as the summary counts them.
TEST(TrainCli, CheckCountsARepeatedDtypeOnce) {
    const ToolRun check = run_tool("", "check --impl scalar --dtype f32 --dtype f32 --max-n 16");
    ASSERT_EQ(check.status, 0) << check.output;
    const std::size_t rows = occurrences(check.output, " pass\n");
    EXPECT_GT(rows, 0u) << check.output;
    EXPECT_TRUE(contains(check.output, "pass: 0 of " + std::to_string(rows) + " rows failed")) << check.output;
}

// --dtype bf16 / f16 trains the book's model on 16-bit rows with float parameters and says so;
// a value the type cannot hold is refused with the row and the way out.
TEST(TrainCli, SixteenBitStorageTrainsTheBooksModel) {
    for (const std::string dtype : {"bf16", "f16"}) {
        const ToolRun run = run_tool("", "train --dtype " + dtype + " --no-progress");
        ASSERT_EQ(run.status, 0) << run.output;
        EXPECT_TRUE(contains(run.output, "(" + dtype + ")")) << run.output;
        EXPECT_TRUE(contains(run_tool("", "train --dtype " + dtype + " --json").output, "\"dtype\": \"" + dtype + "\""));
    }
    const std::string path = write_file("beyond_f16.csv", "x,y\n1,2\n70000,3\n2,5\n");
    const ToolRun beyond = run_tool("", "train --csv " + path + " --target y --dtype f16 --val-fraction 0 --no-progress");
    EXPECT_NE(beyond.status, 0);
    EXPECT_TRUE(contains(beyond.output, "70000.000000 is beyond f16's range") && contains(beyond.output, "--standardize"))
        << beyond.output;
}

TEST(TrainCli, ProgressLinesOnRequest) {
    std::string text = "x,y\n";
    for (int i = 0; i < 100; ++i) text += std::to_string(i) + "," + std::to_string(2 * i) + "\n";
    const std::string path = write_file("progress.csv", text);
    const ToolRun run = run_tool("", "train --csv " + path + " --target y --epochs 7 --lr 1e-5 --progress");
    EXPECT_EQ(run.status, 0) << run.output;
    EXPECT_TRUE(contains(run.output, "reading " + path + ": 100% (0.0 M rows)")) << run.output;
    EXPECT_TRUE(contains(run.output, "epoch 7/7  train loss")) << run.output;
    const ToolRun quiet = run_tool("", "train --csv " + path + " --target y --epochs 7 --lr 1e-5 --no-progress");
    EXPECT_FALSE(contains(quiet.output, "epoch 7/7")) << quiet.output;
}

}  // namespace
}  // namespace descent
