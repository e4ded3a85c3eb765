/* descent's C API: the kernels from C and from any language with a C FFI (Python's ctypes,
   Rust, Julia, Go). Valid C99 and C++.

   An implementation is an opaque handle opened by name ("auto", "simd", "simd_omp", "scalar",
   ...; `descent info` lists them). Data are feature-major columns: feature j of row i at
   x[j * stride + i], the target at y[i]; stride 0 means n (columns back to back). w holds d
   values. Every function returns a status; on anything but DESCENT_OK nothing was written,
   and descent_last_error() says why in the words of the C++ library. No C++ exception crosses
   this boundary. Handles are immutable once configured and may be used from several threads. */
#ifndef DESCENT_H
#define DESCENT_H

#include <stddef.h>

#include "descent/export.h"
#include "descent/version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum descent_status {
    DESCENT_OK = 0,
    DESCENT_INVALID_ARGUMENT = 1, /* a null pointer, n = 0 for a mean, a length mismatch, a bad learning rate */
    DESCENT_UNKNOWN_IMPLEMENTATION = 2, /* no implementation has this name */
    DESCENT_UNSUPPORTED = 3,            /* a known implementation this CPU cannot run */
    DESCENT_OUT_OF_MEMORY = 4,
    DESCENT_INTERNAL_ERROR = 5
} descent_status;

typedef struct descent_implementation descent_implementation;

typedef struct descent_data_f32 {
    const float* x;
    const float* y;
    size_t n, d, stride;
} descent_data_f32;

typedef struct descent_data_f64 {
    const double* x;
    const double* y;
    size_t n, d, stride;
} descent_data_f64;

/* The library's version, "MAJOR.MINOR.PATCH". */
DESCENT_API const char* descent_version(void);
/* What went wrong in this thread's last failed call ("" before any failure). */
DESCENT_API const char* descent_last_error(void);
/* A constant name for a status, e.g. "DESCENT_INVALID_ARGUMENT". */
DESCENT_API const char* descent_status_name(descent_status status);

/* Opens the implementation `name` into *out; descent_close releases it (NULL is allowed). */
DESCENT_API descent_status descent_open(const char* name, descent_implementation** out);
DESCENT_API void descent_close(descent_implementation* impl);
DESCENT_API const char* descent_name(const descent_implementation* impl);
/* At most `threads` OpenMP threads for this handle's calls, in place of OMP_NUM_THREADS;
   0 goes back to OpenMP's count. Not to be called while another thread uses the handle. */
DESCENT_API descent_status descent_set_threads(descent_implementation* impl, int threads);

/* out[i] = b + sum_j w[j] x_j[i] for the n rows; out holds out_count values (must be n). */
DESCENT_API descent_status descent_predict_f32(const descent_implementation* impl, const descent_data_f32* data,
                                               float b, const float* w, float* out, size_t out_count);
DESCENT_API descent_status descent_predict_f64(const descent_implementation* impl, const descent_data_f64* data,
                                               double b, const double* w, double* out, size_t out_count);
/* *loss = mean of (prediction - y)^2. */
DESCENT_API descent_status descent_mse_f32(const descent_implementation* impl, const descent_data_f32* data, float b,
                                           const float* w, float* loss);
DESCENT_API descent_status descent_mse_f64(const descent_implementation* impl, const descent_data_f64* data, double b,
                                           const double* w, double* loss);
/* One pass: *loss, *db = 2 mean(e), dw[j] = 2 mean(x_j e) (d values), e = prediction - y. */
DESCENT_API descent_status descent_loss_and_gradient_f32(const descent_implementation* impl,
                                                         const descent_data_f32* data, float b, const float* w,
                                                         float* loss, float* db, float* dw);
DESCENT_API descent_status descent_loss_and_gradient_f64(const descent_implementation* impl,
                                                         const descent_data_f64* data, double b, const double* w,
                                                         double* loss, double* db, double* dw);
/* One step of gradient descent: the pass at (*b, w), then *b and w move by -learning_rate
   times the gradient. loss, db and dw receive the loss and gradient before the step; each
   may be NULL. */
DESCENT_API descent_status descent_descend_f32(const descent_implementation* impl, const descent_data_f32* data,
                                               double learning_rate, float* b, float* w, float* loss, float* db,
                                               float* dw);
DESCENT_API descent_status descent_descend_f64(const descent_implementation* impl, const descent_data_f64* data,
                                               double learning_rate, double* b, double* w, double* loss,
                                               double* db, double* dw);

#ifdef __cplusplus
}
#endif

#endif
