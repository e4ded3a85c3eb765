// Real data: a CSV file with a header line and numeric cells. Nothing is guessed: any cell
// that is not a finite number, a row with the wrong number of cells, a missing column or an
// empty file is an error that names the file, the line and the column.
#pragma once

#include <string>
#include <vector>

#include "descent/dataset.hpp"
#include "descent/export.h"

namespace descent {

struct CsvTable {
    std::vector<std::string> header;
    std::vector<std::vector<double>> columns;  // columns[c][row]
};

// Throws std::runtime_error "FILE:LINE:COLUMN: what is wrong" (1-based line and column).
DESCENT_API CsvTable read_csv(const std::string& path);

// The target column and the feature columns (all others, in file order, when `features` is
// empty) as a dataset. Throws std::invalid_argument naming a column that is not in the header.
template <class T>
DESCENT_API Dataset<T> select_columns(const CsvTable& table, const std::string& target, const std::vector<std::string>& features);

// The feature names select_columns uses for (table, target, features).
DESCENT_API std::vector<std::string> feature_names(const CsvTable& table, const std::string& target,
                                                   const std::vector<std::string>& features);

}  // namespace descent
