#include "peers.hpp"

#include <cblas.h>

#include <Eigen/Dense>
#include <memory>

namespace descent::cli {

namespace {

// Idiomatic Eigen: e = X w + b - y into a preallocated array, then the loss and both
// gradients as reductions over it (Eigen fuses each expression, not the four of them).
template <class T>
class EigenEpoch {
public:
    EigenEpoch(const DatasetView<T>& data, T learning_rate)
        : x_(data.x, static_cast<Eigen::Index>(data.n), static_cast<Eigen::Index>(data.d),
             Eigen::OuterStride<>(static_cast<Eigen::Index>(data.stride))),
          y_(data.y, static_cast<Eigen::Index>(data.n)),
          e_(data.n),
          w_(Vector::Zero(static_cast<Eigen::Index>(data.d))),
          learning_rate_(learning_rate) {}

    void operator()() {
        const T n = static_cast<T>(y_.size());
        e_.matrix().noalias() = x_ * w_;
        e_ += b_ - y_;
        loss_ = e_.square().mean();
        const T db = 2 * e_.mean();
        const Vector dw = (2 / n) * (x_.transpose() * e_.matrix());
        b_ -= learning_rate_ * db;
        w_ -= learning_rate_ * dw;
    }

private:
    using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;
    using Array = Eigen::Array<T, Eigen::Dynamic, 1>;
    Eigen::Map<const Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>, 0, Eigen::OuterStride<>> x_;
    Eigen::Map<const Array> y_;
    Array e_;
    Vector w_;
    T b_ = 0, loss_ = 0, learning_rate_;
};

// The BLAS formulation: e = y, e = X w - e (gemv), e += b (axpy with ones), loss = e.e,
// db = 1.e, dw = X^T e (gemv).
template <class T>
struct Blas;
template <>
struct Blas<float> {
    static constexpr auto copy = cblas_scopy;
    static constexpr auto gemv = cblas_sgemv;
    static constexpr auto axpy = cblas_saxpy;
    static constexpr auto dot = cblas_sdot;
};
template <>
struct Blas<double> {
    static constexpr auto copy = cblas_dcopy;
    static constexpr auto gemv = cblas_dgemv;
    static constexpr auto axpy = cblas_daxpy;
    static constexpr auto dot = cblas_ddot;
};

template <class T>
class BlasEpoch {
public:
    BlasEpoch(const DatasetView<T>& data, T learning_rate)
        : data_(data), e_(data.n), ones_(data.n, T(1)), w_(data.d, T(0)), dw_(data.d), learning_rate_(learning_rate) {
        openblas_set_num_threads(1);
    }

    void operator()() {
        using B = Blas<T>;
        const auto n = static_cast<blasint>(data_.n), d = static_cast<blasint>(data_.d);
        const auto ld = static_cast<blasint>(data_.stride);
        B::copy(n, data_.y, 1, e_.data(), 1);
        B::gemv(CblasColMajor, CblasNoTrans, n, d, T(1), data_.x, ld, w_.data(), 1, T(-1), e_.data(), 1);
        B::axpy(n, b_, ones_.data(), 1, e_.data(), 1);
        loss_ = B::dot(n, e_.data(), 1, e_.data(), 1) / static_cast<T>(n);
        const T db = 2 * B::dot(n, ones_.data(), 1, e_.data(), 1) / static_cast<T>(n);
        B::gemv(CblasColMajor, CblasTrans, n, d, T(2) / static_cast<T>(n), data_.x, ld, e_.data(), 1, T(0), dw_.data(), 1);
        b_ -= learning_rate_ * db;
        B::axpy(d, -learning_rate_, dw_.data(), 1, w_.data(), 1);
    }

private:
    DatasetView<T> data_;
    std::vector<T> e_, ones_, w_, dw_;
    T b_ = 0, loss_ = 0, learning_rate_;
};

}  // namespace

template <class T>
std::vector<PeerEpoch> make_peer_epochs(const DatasetView<T>& data, T learning_rate) {
    auto eigen = std::make_shared<EigenEpoch<T>>(data, learning_rate);
    auto blas = std::make_shared<BlasEpoch<T>>(data, learning_rate);
    return {{"eigen", [eigen] { (*eigen)(); }}, {"blas", [blas] { (*blas)(); }}};
}

template std::vector<PeerEpoch> make_peer_epochs(const DatasetView<float>&, float);
template std::vector<PeerEpoch> make_peer_epochs(const DatasetView<double>&, double);

}  // namespace descent::cli
