// Where the ranks' rows come from (the synthetic rows, a CSV file's shares, the shuffled split)
// and what train reports beside the fit, against one process: bit for bit, so every comparison
// is ==. As in distributed_test.cpp, failures are EXPECTs: a rank that left a test early would
// leave the others waiting in a collective.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../test_data.hpp"
#include "descent/csv.hpp"
#include "descent/least_squares.hpp"
#include "descent/mpi.hpp"
#include "descent/registry.hpp"
#include "descent/scaler.hpp"
#include "descent/split.hpp"
#include "descent/synthetic.hpp"
#include "descent/threads.hpp"
#include "ranks.hpp"

namespace descent::mpi {
namespace {

constexpr std::size_t kManyChunks = 5 * kChunkRows + 1234;

// This rank's rows against rows [first, first + n) of the whole table.
template <class T>
void expect_rows_of(const DatasetView<T>& mine, const DatasetView<T>& whole, std::size_t first) {
    ASSERT_EQ(mine.d, whole.d);
    ASSERT_LE(first + mine.n, whole.n);
    std::size_t differing = 0;
    for (std::size_t i = 0; i < mine.n; ++i) {
        for (std::size_t j = 0; j < mine.d; ++j) differing += mine.feature(j)[i] != whole.feature(j)[first + i];
        differing += mine.y[i] != whole.y[first + i];
    }
    EXPECT_EQ(differing, 0u) << "values differ among rows " << first << ".." << first + mine.n;
}

SyntheticSpec spec_of(std::size_t n, std::size_t d) {
    SyntheticSpec spec;
    spec.n = n;
    spec.w_true = example_true_weights(d);
    return spec;
}

TEST(SyntheticShare, DrawsTheRowsOfOneProcessHereAlone) {
    for (const std::size_t n : {std::size_t{100}, kManyChunks}) {
        const SyntheticSpec spec = spec_of(n, 2);
        const Dataset<double> whole = make_synthetic<double>(spec);
        const DistributedTable<double> mine = make_synthetic_share<double>(MPI_COMM_WORLD, spec);
        const RowRange share = chunk_share(n, rank(), ranks());
        EXPECT_EQ(mine.view.global_rows, n);
        EXPECT_EQ(mine.view.first_row, share.begin);
        EXPECT_EQ(mine.view.local.n, share.size());
        expect_rows_of(mine.view.local, whole.view(), share.begin);
    }
}

// The ranks' rows cut at n * r / K, not on chunks: as read_csv_share leaves them.
template <class T>
DistributedView<T> uneven_share(const DatasetView<T>& whole) {
    const std::size_t k = static_cast<std::size_t>(ranks()), r = static_cast<std::size_t>(rank());
    return distribute(MPI_COMM_WORLD, whole.rows(whole.n * r / k, whole.n * (r + 1) / k));
}

template <class T>
void expect_split_of_one_process(std::size_t n, double validation_fraction, bool uneven) {
    SCOPED_TRACE(std::to_string(n) + " rows, fraction " + std::to_string(validation_fraction) + (uneven ? ", uneven" : ""));
    const Dataset<T> whole = testing::seed_like<T>(n, 2);
    Dataset<T> shuffled = whole;
    const std::size_t n_train = training_rows(n, validation_fraction);
    if (n_train < n) shuffle_rows(shuffled, 7);  // as train does: without a validation set the order is kept
    const DistributedSplit<T> split = shuffled_split(uneven ? uneven_share(whole.view()) : my_share(whole.view()), validation_fraction, 7);
    const RowRange train = chunk_share(n_train, rank(), ranks()), validation = chunk_share(n - n_train, rank(), ranks());
    EXPECT_EQ(split.train.view.global_rows, n_train);
    EXPECT_EQ(split.validation.view.global_rows, n - n_train);
    EXPECT_EQ(split.train.view.first_row, train.begin);
    EXPECT_EQ(split.validation.view.first_row, validation.begin);
    EXPECT_EQ(split.train.view.local.n, train.size());
    EXPECT_EQ(split.validation.view.local.n, validation.size());
    expect_rows_of(split.train.view.local, shuffled.view(), train.begin);
    expect_rows_of(split.validation.view.local, shuffled.view(), n_train + validation.begin);
}

TEST(ShuffledSplit, GivesEachRankItsChunksOfOneProcessTables) {
    for (const bool uneven : {false, true}) {
        expect_split_of_one_process<double>(kManyChunks, 0.2, uneven);
        expect_split_of_one_process<float>(kManyChunks, 0.0, uneven);
        expect_split_of_one_process<double>(100, 0.2, uneven);  // the book's: one chunk, on rank 0
    }
}

TEST(ShuffledSplit, RefusesAFractionOnEveryRankAsOneProcessDoes) {
    const Dataset<double> whole = testing::seed_like<double>(100, 1);
    std::string alone, together;
    try {
        training_rows(100, 1.0);
    } catch (const std::invalid_argument& error) {
        alone = error.what();
    }
    try {
        shuffled_split(my_share(whole.view()), 1.0, 7);
    } catch (const std::invalid_argument& error) {
        together = error.what();
    }
    EXPECT_FALSE(alone.empty());
    EXPECT_EQ(together, alone);
}

TEST(TrainingAnswers, AreThoseOfOneProcess) {
    const Dataset<double> whole = testing::seed_like<double>(kManyChunks, 3);
    const DistributedView<double> mine = my_share(whole.view());
    const StandardScaler alone = StandardScaler::fit(whole.view()), together = fit_scaler(mine);
    EXPECT_EQ(together.mean(), alone.mean());
    EXPECT_EQ(together.scale(), alone.scale());
    const LeastSquaresFit closed_alone = descent::ordinary_least_squares(whole.view()), closed_together = ordinary_least_squares(mine);
    EXPECT_EQ(closed_together.b, closed_alone.b);
    EXPECT_EQ(closed_together.w, closed_alone.w);
    EXPECT_EQ(max_stable_learning_rate(mine), descent::max_stable_learning_rate(whole.view()));
    const Implementation& impl = find_implementation("simd_omp");
    const Params<double> params{0.5, {1, -1, 0.25}};
    EXPECT_EQ(mse(impl, mine, params), impl.mse(whole.view(), params));
}

TEST(TrainingAnswers, AZeroVarianceFeatureIsRefusedOnEveryRankAsAlone) {
    Dataset<double> whole = testing::seed_like<double>(kManyChunks, 2);
    for (std::size_t i = 0; i < whole.n(); ++i) whole.column(1)[i] = 3;
    std::string alone, together;
    try {
        StandardScaler::fit(whole.view());
    } catch (const std::invalid_argument& error) {
        alone = error.what();
    }
    try {
        fit_scaler(my_share(whole.view()));
    } catch (const std::invalid_argument& error) {
        together = error.what();
    }
    EXPECT_FALSE(alone.empty());
    EXPECT_EQ(together, alone);
}

TEST(OnEveryRank, TellsEveryRankTheLowestFailedRanksError) {
    const int last = ranks() - 1;
    try {
        on_every_rank(MPI_COMM_WORLD, [&] {
            if (rank() == last) throw std::runtime_error("line 9 is bad");
        });
        ADD_FAILURE() << "no rank threw";
    } catch (const RankError& error) {
        EXPECT_EQ(error.rank(), last);
        EXPECT_EQ(std::string(error.what()), "rank " + std::to_string(last) + ": line 9 is bad");
    }
    try {
        on_every_rank(MPI_COMM_WORLD, [&] { throw std::runtime_error("rank " + std::to_string(rank()) + "'s own"); });
        ADD_FAILURE() << "no rank threw";
    } catch (const RankError& error) {
        EXPECT_EQ(std::string(error.what()), "rank 0: rank 0's own");
    }
    EXPECT_NO_THROW(on_every_rank(MPI_COMM_WORLD, [] {}));
}

// A CSV file that every rank sees: rank 0 writes it, named by rank 0's process id.
class SharedCsv {
public:
    explicit SharedCsv(const std::string& text) {
        long id = static_cast<long>(getpid());
        MPI_Bcast(&id, 1, MPI_LONG, 0, MPI_COMM_WORLD);
        path_ = ::testing::TempDir() + "descent_mpi_" + std::to_string(id) + ".csv";
        if (rank() == 0) std::ofstream(path_, std::ios::binary) << text;
        MPI_Barrier(MPI_COMM_WORLD);
    }
    ~SharedCsv() {
        MPI_Barrier(MPI_COMM_WORLD);
        if (rank() == 0) std::remove(path_.c_str());
    }
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

// Rows of a quoted label, two features and a target; `missing_every` rows (0: none) lack x2.
std::string csv_text(std::size_t rows, std::size_t missing_every = 0) {
    std::string text = "label,x1,x2,y\n";
    for (std::size_t i = 0; i < rows; ++i) {
        const std::string x2 = missing_every && i % missing_every == 3 ? "NA" : std::to_string(0.5 * static_cast<double>(i % 17));
        text.append("\"row, ").append(std::to_string(i)).append("\",").append(std::to_string(0.001 * static_cast<double>(i)));
        text.append(",").append(x2).append(",").append(std::to_string(1 + 2 * static_cast<double>(i % 5))).append("\n");
    }
    return text;
}

CsvOptions small_chunks() {
    CsvOptions options;
    options.chunk_bytes = 512;  // many chunks per share, on every thread
    return options;
}

TEST(CsvShare, ReadsTheRowsOfReadCsvEachRankItsShare) {
    for (const std::size_t missing_every : {std::size_t{0}, std::size_t{11}}) {
        const SharedCsv file(csv_text(3000, missing_every) + "\n\n");  // empty lines at the end are no error
        CsvOptions options = small_chunks();
        options.drop_missing = missing_every > 0;
        const CsvData<float> whole = read_csv<float>(file.path(), "y", {"x1", "x2"}, options);
        const CsvShareData<float> mine = read_csv_share<float>(MPI_COMM_WORLD, file.path(), "y", {"x1", "x2"}, options);
        EXPECT_EQ(mine.table.view.global_rows, whole.data.n());
        EXPECT_EQ(mine.feature_names, whole.feature_names);
        EXPECT_EQ(mine.rows_dropped, whole.rows_dropped);
        EXPECT_EQ(mine.first_dropped_line, whole.first_dropped_line);
        if (ranks() > 1 && rank() == ranks() - 1) {
            EXPECT_GT(mine.table.view.local.n, 0u) << "the file is too short to share";
        }
        expect_rows_of(mine.table.view.local, whole.data.view(), mine.table.view.first_row);
    }
}

// read_csv's message, and the rank whose share holds the line, on every rank.
void expect_error_of_read_csv(const std::string& text, bool in_last_share, const CsvOptions& options = small_chunks()) {
    const SharedCsv file(text);
    std::string alone;
    try {
        read_csv<double>(file.path(), "y", {"x1", "x2"}, options);
    } catch (const std::runtime_error& error) {
        alone = error.what();
    }
    ASSERT_FALSE(alone.empty()) << "the file is not faulty";
    try {
        read_csv_share<double>(MPI_COMM_WORLD, file.path(), "y", {"x1", "x2"}, options);
        ADD_FAILURE() << "the faulty file was read";
    } catch (const RankError& error) {
        EXPECT_EQ(std::string(error.what()), "rank " + std::to_string(error.rank()) + ": " + alone);
        if (in_last_share) {
            EXPECT_EQ(error.rank(), ranks() - 1);
        }
    } catch (const std::runtime_error& error) {  // a whole-file check, the same on every rank
        EXPECT_EQ(std::string(error.what()), alone);
    }
}

TEST(CsvShare, AMalformedLineInTheLastRanksShareStopsEveryRankWithItsPlace) {
    expect_error_of_read_csv(csv_text(3000) + "\"row, 3000\",0.5,oops,1\n", true);
}

TEST(CsvShare, AnEmptyLineInsideTheDataIsNamedAsAlone) {
    const std::string rows = csv_text(3000);
    const std::vector<CsvShare> cuts = [&] {
        const SharedCsv file(rows);
        return plan_csv_shares(file.path(), static_cast<std::size_t>(ranks()), small_chunks());
    }();
    const auto with_blank_lines = [&](std::size_t line_start, std::size_t count) {
        return rows.substr(0, line_start) + std::string(count, '\n') + rows.substr(line_start);
    };
    // One empty line where each later share starts: inside that share.
    for (std::size_t r = 1; r < cuts.size(); ++r)
        if (cuts[r].begin < rows.size()) expect_error_of_read_csv(with_blank_lines(cuts[r].begin, 1), false);
    // Empty lines across the first cut, so that the first share ends with one and its records
    // are all before it: only the ranks together see that records follow. A share ends at the
    // first line feed past its byte count, so the run starts at the start of the first share's
    // last line and outlasts what its own bytes move the cut (count / K, and a line's length).
    if (ranks() > 1 && cuts[1].begin < rows.size())
        expect_error_of_read_csv(with_blank_lines(rows.rfind('\n', cuts[1].begin - 2) + 1, 128), false);
    expect_error_of_read_csv(with_blank_lines(rows.find('\n', 30) + 1, 1), false);
}

TEST(CsvShare, AFileWithoutRowsIsRefusedAsAlone) {
    expect_error_of_read_csv("label,x1,x2,y\n", false);
    CsvOptions dropping = small_chunks();
    dropping.drop_missing = true;
    expect_error_of_read_csv("label,x1,x2,y\n\"a\",1,NA,2\n\"b\",NA,1,2\n", false, dropping);
}

}  // namespace
}  // namespace descent::mpi
