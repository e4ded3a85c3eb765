/* descent from C: open an implementation by name, run gradient descent with the C API, and
   report what went wrong in descent's own words when something does. Build it with
     cc -std=c99 main.c $(pkg-config --cflags --libs descent) */
#include <math.h>
#include <stdio.h>

#include <descent/descent.h>

int main(void) {
    /* 1000 rows of y = 1 + 2x. */
    enum { n = 1000 };
    static float x[n], y[n];
    const descent_data_f32 data = {x, y, n, 1, 0};
    descent_implementation* impl = NULL;
    float b = 0.0f, w = 0.0f, loss = 0.0f;
    int epoch, i;
    for (i = 0; i < n; ++i) {
        x[i] = (float)i / n;
        y[i] = 1.0f + 2.0f * x[i];
    }

    if (descent_open("auto", &impl) != DESCENT_OK) {
        fprintf(stderr, "descent_open: %s\n", descent_last_error());
        return 1;
    }
    for (epoch = 0; epoch < 3000; ++epoch) {
        if (descent_descend_f32(impl, &data, 0.5, &b, &w, &loss, NULL, NULL) != DESCENT_OK) {
            fprintf(stderr, "descent_descend_f32: %s\n", descent_last_error());
            descent_close(impl);
            return 1;
        }
    }
    printf("descent %s (%s): b = %.4f, w = %.4f, mse %.2e\n", descent_version(), descent_name(impl), b, w, loss);

    /* Errors come back as a status and a message, never as a crash. */
    if (descent_descend_f32(impl, &data, -1.0, &b, &w, NULL, NULL, NULL) == DESCENT_INVALID_ARGUMENT)
        printf("a negative learning rate: %s\n", descent_last_error());
    descent_close(impl);
    return fabsf(b - 1.0f) < 1e-3f && fabsf(w - 2.0f) < 1e-3f ? 0 : 1;
}
