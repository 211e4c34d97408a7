#include "CBuildInfo.h"
#include <string.h>

// The prefix scripts/dist looks for; what follows it, up to the first NUL, is the commit. Writable
// data and read through a function, so no compiler folds the unstamped value into its callers.
#define VPCX_STAMP_PREFIX "VPCX_BUILD_COMMIT="
__attribute__((used)) char vpcx_build_stamp[96] = VPCX_STAMP_PREFIX;

// scripts/dist keeps the last byte NUL, so the string always ends inside the buffer.
const char *vpcx_build_commit(void) { return vpcx_build_stamp + strlen(VPCX_STAMP_PREFIX); }
