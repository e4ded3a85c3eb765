// `mpirun -np K descent train` as a user runs it, against `descent train` in one process: the
// same JSON but for the timings and the `ranks` field, for K = 1 to 4, synthetic data and a
// CSV file, full batch and mini-batch; and the faults: one message, a non-zero exit on every
// rank, within seconds. This program is not itself an MPI program: it starts the jobs.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace descent {
namespace {

struct JobRun {
    std::string out, err;
    int status = -1;
    double seconds = 0;
};

std::string slurp(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

// `descent train ARGS` in one process (ranks = 0), or under mpirun with `ranks` ranks of one
// thread each, waiting passively (oversubscribed on a small machine: spinning ranks starve).
JobRun train(int ranks, const std::string& arguments) {
    const std::string err_path = ::testing::TempDir() + "descent_mpi_cli_stderr.txt";
    const std::string launcher = ranks == 0 ? std::string()
                                            : std::string(DESCENT_MPIRUN) + " --allow-run-as-root --oversubscribe -np " +
                                                  std::to_string(ranks) + " -x OMP_NUM_THREADS=1 -x OMP_WAIT_POLICY=PASSIVE ";
    const std::string command = launcher + "'" DESCENT_CLI "' train " + arguments + " --no-progress 2>" + err_path;
    const auto start = std::chrono::steady_clock::now();
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    JobRun run;
    std::array<char, 4096> buffer;
    while (fgets(buffer.data(), buffer.size(), pipe.get())) run.out += buffer.data();
    run.status = WEXITSTATUS(pclose(pipe.release()));
    run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    run.err = slurp(err_path);
    return run;
}

// The report without what differs between any two runs (timings) and the job's size.
nlohmann::json comparable(const JobRun& run) {
    nlohmann::json json = nlohmann::json::parse(run.out);
    for (const char* field : {"seconds", "load_seconds", "ranks"}) json.erase(field);
    return json;
}

void expect_same_report_on_any_ranks(const std::string& arguments) {
    SCOPED_TRACE(arguments);
    const JobRun alone = train(0, arguments + " --json");
    ASSERT_EQ(alone.status, 0) << alone.err;
    for (int ranks = 1; ranks <= 4; ++ranks) {
        const JobRun together = train(ranks, arguments + " --json");
        ASSERT_EQ(together.status, 0) << ranks << " ranks: " << together.err;
        EXPECT_EQ(nlohmann::json::parse(together.out).value("ranks", 0), ranks);
        EXPECT_EQ(comparable(together), comparable(alone)) << ranks << " ranks";  // every number, to the bit
    }
}

// 5 chunks and a part (kChunkRows = 32768): uneven over 2, 3 and 4 ranks.
const std::string kSynthetic = " --n 165074 --true-w 2,-1,0.5 --impl simd_omp";

TEST(MpiTrainCli, SyntheticDataGivesTheReportOfOneProcess) {
    expect_same_report_on_any_ranks(kSynthetic + " --epochs 12");
    expect_same_report_on_any_ranks(kSynthetic + " --standardize --batch-size 50000 --epochs 3");
    expect_same_report_on_any_ranks("");  // the book's run, with the default implementation
    expect_same_report_on_any_ranks(" --batch-size 16 --epochs 20");
}

// A CSV file train itself wrote (--data-out), as a user's file: 100 000 rows, 4 MB.
std::string csv_file() {
    static const std::string path = [] {
        const std::string file = ::testing::TempDir() + "descent_mpi_cli_rows.csv";
        const JobRun wrote = train(0, "--n 100000 --true-w 2,-1 --val-fraction 0 --epochs 1 --data-out " + file);
        EXPECT_EQ(wrote.status, 0) << wrote.err;
        return file;
    }();
    return path;
}

TEST(MpiTrainCli, ACsvFileGivesTheReportOfOneProcess) {
    const std::string csv = " --csv " + csv_file() + " --target y --features x1,x2 --impl simd_omp";
    expect_same_report_on_any_ranks(csv + " --epochs 12");
    expect_same_report_on_any_ranks(csv + " --standardize --batch-size 30000 --epochs 3");
}

// Once on stderr, apart from mpirun's own words about the job.
std::size_t times_in(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (std::size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
    return count;
}

TEST(MpiTrainCli, AMalformedLineInTheLastRanksShareStopsEveryRankAtOnce) {
    const std::string bad = ::testing::TempDir() + "descent_mpi_cli_bad.csv";
    std::ofstream(bad, std::ios::binary) << slurp(csv_file()) << "train,0.5,oops,1\n";
    const JobRun alone = train(0, "--csv " + bad + " --target y --features x1,x2");
    const std::string where = bad + ":100002:3: 'oops' in column 'x2' is not a number";
    EXPECT_NE(alone.status, 0);
    EXPECT_EQ(times_in(alone.err, where), 1u) << alone.err;
    for (int ranks = 2; ranks <= 4; ++ranks) {
        const JobRun together = train(ranks, "--csv " + bad + " --target y --features x1,x2");
        EXPECT_NE(together.status, 0);
        EXPECT_EQ(times_in(together.err, "descent: error: rank " + std::to_string(ranks - 1) + ": " + where), 1u) << together.err;
        EXPECT_EQ(times_in(together.err, "descent: error"), 1u) << together.err;
        // A rank left in a collective would keep the job running until ctest's timeout.
        EXPECT_LT(together.seconds, 20) << ranks << " ranks";
    }
}

TEST(MpiTrainCli, ABadOptionOrADivergenceIsSaidOnceAndEndsEveryRank) {
    const JobRun bad_option = train(3, "--lr abc");
    EXPECT_NE(bad_option.status, 0);
    EXPECT_EQ(times_in(bad_option.err, "--lr"), 1u) << bad_option.err;
    const JobRun unknown = train(3, "--impl nope");
    EXPECT_NE(unknown.status, 0);
    EXPECT_EQ(times_in(unknown.err, "descent: error: unknown implementation 'nope'"), 1u) << unknown.err;
    const JobRun refused = train(2, "--data-out rows.csv");
    EXPECT_NE(refused.status, 0);
    EXPECT_EQ(times_in(refused.err, "descent: error: --data-out is not written over MPI"), 1u) << refused.err;
    const JobRun diverged = train(3, "--lr 5");
    EXPECT_EQ(diverged.status, 3);  // as one process exits after a divergence
    EXPECT_EQ(times_in(diverged.err, "descent: diverged at epoch"), 1u) << diverged.err;
    EXPECT_EQ(times_in(diverged.out, "max stable learning rate"), 1u) << diverged.out;  // rank 0's report alone
}

}  // namespace
}  // namespace descent
