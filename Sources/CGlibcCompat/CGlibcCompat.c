#include "CGlibcCompat.h"
#include <math.h>  // first: it defines __GLIBC__

#if defined(__linux__) && defined(__GLIBC__)
#if defined(__x86_64__)
#define VPCX_GLIBC_BASELINE "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define VPCX_GLIBC_BASELINE "GLIBC_2.17"
#endif

#ifdef VPCX_GLIBC_BASELINE
// Bound to the baseline version of libm's hypot/hypotf, not the default (newest) one. A versioned
// reference only ever binds to that version in libm, never to the definitions below.
double vpcx_baseline_hypot(double, double);
float vpcx_baseline_hypotf(float, float);
__asm__(".symver vpcx_baseline_hypot, hypot@" VPCX_GLIBC_BASELINE);
__asm__(".symver vpcx_baseline_hypotf, hypotf@" VPCX_GLIBC_BASELINE);

// Hidden: the Swift runtime's calls in this binary bind here at link time, and the binary does not
// export them (it links with -export-dynamic), so nothing else in the process can bind to them.
__attribute__((visibility("hidden"))) double hypot(double x, double y) { return vpcx_baseline_hypot(x, y); }
__attribute__((visibility("hidden"))) float hypotf(float x, float y) { return vpcx_baseline_hypotf(x, y); }
#endif
#endif
