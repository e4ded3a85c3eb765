/* What the shared library exports: the public API and nothing else. The library is compiled with
   -fvisibility=hidden, so only declarations marked DESCENT_API are visible to its users; in a
   static library the mark changes nothing. Valid C and C++. */
#ifndef DESCENT_EXPORT_H
#define DESCENT_EXPORT_H

#if defined(__GNUC__) || defined(__clang__)
#define DESCENT_API __attribute__((visibility("default")))
#else
#define DESCENT_API
#endif

#endif
