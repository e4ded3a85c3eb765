/* The C API from C: every function, every error path. Compiled as C99, not C++. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "descent/descent.h"

static int passed, failed;

#define CHECK(condition)                                                                          \
    do {                                                                                          \
        if (condition) {                                                                          \
            ++passed;                                                                             \
        } else {                                                                                  \
            ++failed;                                                                             \
            fprintf(stderr, "%s:%d: failed: %s (last error: %s)\n", __FILE__, __LINE__, #condition, \
                    descent_last_error());                                                        \
        }                                                                                         \
    } while (0)

/* The call failed with `status` and a message that contains `words`. */
#define CHECK_FAILS(call, status, words)                                       \
    do {                                                                       \
        CHECK((call) == (status));                                             \
        CHECK(strstr(descent_last_error(), (words)) != NULL);                  \
    } while (0)

/* Five rows of y = 1 + 2x, every value exact in float: at b = 0, w = 0 the mse is
   mean(y^2) = 4.5, db = 2 mean(-y) = -4 and dw = 2 mean(-x y) = -2.5. */
static const float x32[5] = {0.0f, 0.25f, 0.5f, 0.75f, 1.0f};
static const float y32[5] = {1.0f, 1.5f, 2.0f, 2.5f, 3.0f};
static const double x64[5] = {0.0, 0.25, 0.5, 0.75, 1.0};
static const double y64[5] = {1.0, 1.5, 2.0, 2.5, 3.0};

static void kernels_f32(const descent_implementation* impl) {
    const descent_data_f32 data = {x32, y32, 5, 1, 0};
    const float zero = 0.0f, two = 2.0f;
    float out[5], loss = -1.0f, db = -1.0f, dw = -1.0f, b = 0.0f, w = 0.0f;
    int i;

    CHECK(descent_predict_f32(impl, &data, 1.0f, &two, out, 5) == DESCENT_OK);
    for (i = 0; i < 5; ++i) CHECK(out[i] == y32[i]);
    CHECK(descent_mse_f32(impl, &data, 0.0f, &zero, &loss) == DESCENT_OK && loss == 4.5f);
    CHECK(descent_loss_and_gradient_f32(impl, &data, 0.0f, &zero, &loss, &db, &dw) == DESCENT_OK);
    CHECK(loss == 4.5f && db == -4.0f && dw == -2.5f);
    CHECK(descent_descend_f32(impl, &data, 0.1, &b, &w, &loss, &db, &dw) == DESCENT_OK);
    CHECK(fabsf(b - 0.4f) <= 1e-7f && fabsf(w - 0.25f) <= 1e-7f && loss == 4.5f && db == -4.0f);
    CHECK(descent_descend_f32(impl, &data, 0.1, &b, &w, NULL, NULL, NULL) == DESCENT_OK);
    CHECK(b > 0.4f && w > 0.25f);
}

static void kernels_f64(const descent_implementation* impl) {
    /* Two features: x_1 = x and x_2 = 1 - x in columns 8 values apart (stride > n). */
    double x[16];
    const double w_true[2] = {3.0, 1.0}; /* 3x + (1 - x) = 1 + 2x */
    const descent_data_f64 data = {x, y64, 5, 2, 8};
    double out[5], loss = -1, db = -1, dw[2] = {-1, -1}, b = 0, w[2] = {0, 0};
    int i;
    for (i = 0; i < 16; ++i) x[i] = NAN; /* the padding must never be read */
    for (i = 0; i < 5; ++i) {
        x[i] = x64[i];
        x[8 + i] = 1.0 - x64[i];
    }

    CHECK(descent_predict_f64(impl, &data, 0.0, w_true, out, 5) == DESCENT_OK);
    for (i = 0; i < 5; ++i) CHECK(fabs(out[i] - y64[i]) <= 1e-15);
    CHECK(descent_mse_f64(impl, &data, 0.0, w, &loss) == DESCENT_OK && loss == 4.5);
    CHECK(descent_loss_and_gradient_f64(impl, &data, 0.0, w, &loss, &db, dw) == DESCENT_OK);
    /* dw_2 = 2 mean(-(1 - x) y) = -2 (1 + 1.125 + 1 + 0.625 + 0) / 5 = -1.5 */
    CHECK(loss == 4.5 && db == -4.0 && dw[0] == -2.5 && dw[1] == -1.5);
    CHECK(descent_descend_f64(impl, &data, 0.1, &b, w, &loss, &db, dw) == DESCENT_OK);
    CHECK(fabs(b - 0.4) <= 1e-16 && fabs(w[0] - 0.25) <= 1e-16 && fabs(w[1] - 0.15) <= 1e-16);
}

static void errors(const descent_implementation* impl) {
    const float zero = 0.0f;
    float out[5], loss = 7.0f, db = 7.0f, dw = 7.0f, b = 0.5f, w = 0.5f;
    const descent_data_f32 data = {x32, y32, 5, 1, 0};
    const descent_data_f32 empty = {x32, y32, 0, 1, 0};
    const descent_data_f32 no_x = {NULL, y32, 5, 1, 0};
    const descent_data_f32 overlapping = {x32, y32, 3, 2, 2};
    const descent_data_f32 no_features = {x32, y32, 5, 0, 0};
    descent_implementation* unchanged = (descent_implementation*)&loss;
    const double bad_rates[4] = {0.0, -0.1, NAN, INFINITY};
    int i;

    CHECK_FAILS(descent_open("no_such_kernel", &unchanged), DESCENT_UNKNOWN_IMPLEMENTATION, "known: auto");
    CHECK(unchanged == (descent_implementation*)&loss);
    CHECK_FAILS(descent_open(NULL, &unchanged), DESCENT_INVALID_ARGUMENT, "name is NULL");
    CHECK_FAILS(descent_open("simd", NULL), DESCENT_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(descent_set_threads(NULL, 2), DESCENT_INVALID_ARGUMENT, "impl is NULL");

    CHECK_FAILS(descent_mse_f32(NULL, &data, 0.0f, &zero, &loss), DESCENT_INVALID_ARGUMENT, "impl is NULL");
    CHECK_FAILS(descent_mse_f32(impl, NULL, 0.0f, &zero, &loss), DESCENT_INVALID_ARGUMENT, "data is NULL");
    CHECK_FAILS(descent_mse_f32(impl, &no_x, 0.0f, &zero, &loss), DESCENT_INVALID_ARGUMENT, "data->x is NULL");
    CHECK_FAILS(descent_mse_f32(impl, &data, 0.0f, NULL, &loss), DESCENT_INVALID_ARGUMENT, "w is NULL");
    CHECK_FAILS(descent_mse_f32(impl, &data, 0.0f, &zero, NULL), DESCENT_INVALID_ARGUMENT, "loss is NULL");
    CHECK_FAILS(descent_predict_f32(impl, &data, 0.0f, &zero, NULL, 5), DESCENT_INVALID_ARGUMENT, "out is NULL");
    CHECK_FAILS(descent_loss_and_gradient_f32(impl, &data, 0.0f, &zero, &loss, &db, NULL), DESCENT_INVALID_ARGUMENT,
                "dw is NULL");
    CHECK_FAILS(descent_descend_f32(impl, &data, 0.1, NULL, &w, NULL, NULL, NULL), DESCENT_INVALID_ARGUMENT, "b is NULL");
    CHECK_FAILS(descent_descend_f32(impl, &data, 0.1, &b, NULL, NULL, NULL, NULL), DESCENT_INVALID_ARGUMENT, "w is NULL");

    CHECK_FAILS(descent_mse_f32(impl, &empty, 0.0f, &zero, &loss), DESCENT_INVALID_ARGUMENT, "n = 0");
    CHECK_FAILS(descent_loss_and_gradient_f32(impl, &empty, 0.0f, &zero, &loss, &db, &dw), DESCENT_INVALID_ARGUMENT, "n = 0");
    CHECK_FAILS(descent_descend_f32(impl, &empty, 0.1, &b, &w, &loss, &db, &dw), DESCENT_INVALID_ARGUMENT, "n = 0");
    CHECK_FAILS(descent_predict_f32(impl, &data, 0.0f, &zero, out, 4), DESCENT_INVALID_ARGUMENT, "holds 4 values for 5 rows");
    CHECK_FAILS(descent_mse_f32(impl, &overlapping, 0.0f, &zero, &loss), DESCENT_INVALID_ARGUMENT, "would overlap");
    CHECK_FAILS(descent_mse_f32(impl, &no_features, 0.0f, &zero, &loss), DESCENT_INVALID_ARGUMENT, "d = 0");
    for (i = 0; i < 4; ++i)
        CHECK_FAILS(descent_descend_f32(impl, &data, bad_rates[i], &b, &w, &loss, &db, &dw), DESCENT_INVALID_ARGUMENT,
                    "learning rate must be positive and finite");
    /* Nothing was written by any failed call. */
    CHECK(loss == 7.0f && db == 7.0f && dw == 7.0f && b == 0.5f && w == 0.5f);
}

static void threads(void) {
    /* 100000 rows (four chunks): simd_omp with 1 and with 3 threads gives the same bits. */
    static float x[100000], y[100000];
    const descent_data_f32 data = {x, y, 100000, 1, 0};
    descent_implementation* impl = NULL;
    float w = 0.5f, loss1, loss3, db1, db3, dw1, dw3;
    int i;
    for (i = 0; i < 100000; ++i) {
        x[i] = (float)(i % 997) / 997.0f;
        y[i] = 1.0f + 2.0f * x[i] + (float)(i % 13) / 130.0f;
    }
    CHECK(descent_open("simd_omp", &impl) == DESCENT_OK);
    CHECK(descent_set_threads(impl, 1) == DESCENT_OK);
    CHECK(descent_loss_and_gradient_f32(impl, &data, 0.0f, &w, &loss1, &db1, &dw1) == DESCENT_OK);
    CHECK(descent_set_threads(impl, 3) == DESCENT_OK);
    CHECK(descent_loss_and_gradient_f32(impl, &data, 0.0f, &w, &loss3, &db3, &dw3) == DESCENT_OK);
    CHECK(loss1 == loss3 && db1 == db3 && dw1 == dw3);
    CHECK(descent_set_threads(impl, 0) == DESCENT_OK);
    CHECK_FAILS(descent_set_threads(impl, -1), DESCENT_INVALID_ARGUMENT, "got -1");
    descent_close(impl);
    descent_close(NULL);
}

int main(void) {
    static const char* const names[] = {"auto", "simd_omp", "simd", "omp", "scalar"};
    descent_implementation* impl = NULL;
    size_t i;

    CHECK(strcmp(descent_last_error(), "") == 0);
    CHECK(strcmp(descent_version(), DESCENT_VERSION_STRING) == 0);
    CHECK(strcmp(descent_status_name(DESCENT_UNSUPPORTED), "DESCENT_UNSUPPORTED") == 0);
    for (i = 0; i < sizeof names / sizeof names[0]; ++i) {
        CHECK(descent_open(names[i], &impl) == DESCENT_OK);
        CHECK(strcmp(descent_name(impl), names[i]) == 0);
        kernels_f32(impl);
        kernels_f64(impl);
        errors(impl);
        descent_close(impl);
    }
    threads();
    printf("c_api: %d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
