// The C API (descent.h) over the C++ one: every call runs inside one guard that turns an
// exception into a status and a thread-local message, and writes its outputs only on success.
#include "descent/descent.h"

#include <algorithm>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>

#include "descent/registry.hpp"
#include "descent/threads.hpp"

struct descent_implementation {
    const descent::Implementation* base;
    std::unique_ptr<const descent::Implementation> limited;  // base with a thread count, once set

    const descent::Implementation& get() const { return limited ? *limited : *base; }
};

namespace {

thread_local std::string last_error;

// Thrown by descent_open for a name the registry does not know.
struct UnknownName : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

template <class Body>
descent_status guarded(const char* function, Body&& body) noexcept {
    descent_status status = DESCENT_INTERNAL_ERROR;
    try {
        body();
        return DESCENT_OK;
    } catch (const UnknownName& e) {
        status = DESCENT_UNKNOWN_IMPLEMENTATION;
        last_error = std::string(function) + ": " + e.what();
    } catch (const std::invalid_argument& e) {
        status = DESCENT_INVALID_ARGUMENT;
        last_error = std::string(function) + ": " + e.what();
    } catch (const std::bad_alloc&) {
        status = DESCENT_OUT_OF_MEMORY;
        last_error = std::string(function) + ": out of memory";
    } catch (const std::runtime_error& e) {
        status = DESCENT_UNSUPPORTED;
        last_error = std::string(function) + ": " + e.what();
    } catch (const std::exception& e) {
        last_error = std::string(function) + ": internal error: " + e.what();
    } catch (...) {
        last_error = std::string(function) + ": internal error";
    }
    return status;
}

void require(const void* pointer, const char* what) {
    if (pointer == nullptr) throw std::invalid_argument(std::string(what) + " is NULL");
}

template <class T, class Data>
descent::DatasetView<T> view(const Data* data) {
    require(data, "data");
    require(data->x, "data->x");
    require(data->y, "data->y");
    const std::size_t stride = data->stride == 0 ? data->n : data->stride;
    if (data->d > 1 && stride < data->n)
        throw std::invalid_argument("the stride " + std::to_string(stride) + " is smaller than n = " +
                                    std::to_string(data->n) + ": the feature columns would overlap");
    return {data->x, data->y, data->n, data->d, stride};
}

// Parameters and gradient storage reused by every call of this thread (no allocation per epoch).
template <class T>
descent::Params<T>& params(T b, const T* w, std::size_t d) {
    require(w, "w");
    thread_local descent::Params<T> p;
    p.b = b;
    p.w.assign(w, w + d);
    return p;
}
template <class T>
descent::Gradient<T>& gradient() {
    thread_local descent::Gradient<T> g;
    return g;
}

template <class T, class Data>
descent_status predict(const char* function, const descent_implementation* impl, const Data* data, T b, const T* w,
                       T* out, std::size_t out_count) {
    return guarded(function, [&] {
        require(impl, "impl");
        require(out, "out");
        const descent::DatasetView<T> rows = view<T>(data);
        impl->get().predict(rows, params(b, w, rows.d), std::span<T>(out, out_count));
    });
}

template <class T, class Data>
descent_status mse(const char* function, const descent_implementation* impl, const Data* data, T b, const T* w, T* loss) {
    return guarded(function, [&] {
        require(impl, "impl");
        require(loss, "loss");
        const descent::DatasetView<T> rows = view<T>(data);
        *loss = impl->get().mse(rows, params(b, w, rows.d));
    });
}

template <class T, class Data>
descent_status loss_and_gradient(const char* function, const descent_implementation* impl, const Data* data, T b,
                                 const T* w, T* loss, T* db, T* dw) {
    return guarded(function, [&] {
        require(impl, "impl");
        require(loss, "loss");
        require(db, "db");
        require(dw, "dw");
        const descent::DatasetView<T> rows = view<T>(data);
        descent::Gradient<T>& g = gradient<T>();
        const T value = impl->get().loss_and_gradient(rows, params(b, w, rows.d), g);
        *loss = value;
        *db = g.db;
        std::copy(g.dw.begin(), g.dw.end(), dw);
    });
}

template <class T, class Data>
descent_status descend(const char* function, const descent_implementation* impl, const Data* data, double learning_rate,
                       T* b, T* w, T* loss, T* db, T* dw) {
    return guarded(function, [&] {
        require(impl, "impl");
        require(b, "b");
        const descent::DatasetView<T> rows = view<T>(data);
        descent::Params<T>& p = params(*b, w, rows.d);
        descent::Gradient<T>& g = gradient<T>();
        const T value = impl->get().descend(rows, p, learning_rate, g);
        *b = p.b;
        std::copy(p.w.begin(), p.w.end(), w);
        if (loss) *loss = value;
        if (db) *db = g.db;
        if (dw) std::copy(g.dw.begin(), g.dw.end(), dw);
    });
}

}  // namespace

extern "C" {

const char* descent_version(void) { return DESCENT_VERSION_STRING; }
const char* descent_last_error(void) { return last_error.c_str(); }

const char* descent_status_name(descent_status status) {
    switch (status) {
        case DESCENT_OK: return "DESCENT_OK";
        case DESCENT_INVALID_ARGUMENT: return "DESCENT_INVALID_ARGUMENT";
        case DESCENT_UNKNOWN_IMPLEMENTATION: return "DESCENT_UNKNOWN_IMPLEMENTATION";
        case DESCENT_UNSUPPORTED: return "DESCENT_UNSUPPORTED";
        case DESCENT_OUT_OF_MEMORY: return "DESCENT_OUT_OF_MEMORY";
        case DESCENT_INTERNAL_ERROR: return "DESCENT_INTERNAL_ERROR";
    }
    return "(not a descent_status)";
}

descent_status descent_open(const char* name, descent_implementation** out) {
    return guarded("descent_open", [&] {
        require(name, "name");
        require(out, "out");
        const descent::Implementation* found = nullptr;
        try {
            found = &descent::find_implementation(name);
        } catch (const std::invalid_argument& e) {
            throw UnknownName(e.what());
        }
        *out = new descent_implementation{found, nullptr};
    });
}

void descent_close(descent_implementation* impl) { delete impl; }

const char* descent_name(const descent_implementation* impl) {
    return impl ? impl->base->name().data() : "(null)";
}

descent_status descent_set_threads(descent_implementation* impl, int threads) {
    return guarded("descent_set_threads", [&] {
        require(impl, "impl");
        if (threads < 0) throw std::invalid_argument("the thread count must be 0 (OpenMP's) or more, got " + std::to_string(threads));
        impl->limited = threads == 0 ? nullptr : descent::with_threads(*impl->base, threads);
    });
}

descent_status descent_predict_f32(const descent_implementation* impl, const descent_data_f32* data, float b,
                                   const float* w, float* out, size_t out_count) {
    return predict("descent_predict_f32", impl, data, b, w, out, out_count);
}
descent_status descent_predict_f64(const descent_implementation* impl, const descent_data_f64* data, double b,
                                   const double* w, double* out, size_t out_count) {
    return predict("descent_predict_f64", impl, data, b, w, out, out_count);
}
descent_status descent_mse_f32(const descent_implementation* impl, const descent_data_f32* data, float b,
                               const float* w, float* loss) {
    return mse("descent_mse_f32", impl, data, b, w, loss);
}
descent_status descent_mse_f64(const descent_implementation* impl, const descent_data_f64* data, double b,
                               const double* w, double* loss) {
    return mse("descent_mse_f64", impl, data, b, w, loss);
}
descent_status descent_loss_and_gradient_f32(const descent_implementation* impl, const descent_data_f32* data, float b,
                                             const float* w, float* loss, float* db, float* dw) {
    return loss_and_gradient("descent_loss_and_gradient_f32", impl, data, b, w, loss, db, dw);
}
descent_status descent_loss_and_gradient_f64(const descent_implementation* impl, const descent_data_f64* data,
                                             double b, const double* w, double* loss, double* db, double* dw) {
    return loss_and_gradient("descent_loss_and_gradient_f64", impl, data, b, w, loss, db, dw);
}
descent_status descent_descend_f32(const descent_implementation* impl, const descent_data_f32* data,
                                   double learning_rate, float* b, float* w, float* loss, float* db, float* dw) {
    return descend("descent_descend_f32", impl, data, learning_rate, b, w, loss, db, dw);
}
descent_status descent_descend_f64(const descent_implementation* impl, const descent_data_f64* data,
                                   double learning_rate, double* b, double* w, double* loss, double* db, double* dw) {
    return descend("descent_descend_f64", impl, data, learning_rate, b, w, loss, db, dw);
}

}  // extern "C"
